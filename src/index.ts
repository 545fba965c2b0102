export * from "./user-center.js";
export * from "./gini-api.js";
export * from "./innodata.js";
