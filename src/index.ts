export * from "./user-center.js";
export * from "./innodata.js";
