export * from "./user-center.js";
export * from "./gini-api.js";
export * from "./innodata.js";
export { RequestValidationError, type RequestValidationIssue, requestValidation } from "./request-validation.js";
export type { ValidatingClientOptions } from "./validated-client.js";
export * from "./flows/index.js";
export * from "./documents/index.js";
