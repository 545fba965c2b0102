export * from "./user-center.js";
export * from "./gini-api.js";
export * from "./innodata.js";
export { GiniOpenApiError, type GiniOpenApiErrorCode } from "./errors.js";
export { RequestValidationError, type RequestValidationIssue } from "./request-validation.js";
export type { ValidatingClientOptions } from "./api-client.js";
export * from "./flows/index.js";
export * from "./documents/index.js";
export * from "./payments/index.js";
