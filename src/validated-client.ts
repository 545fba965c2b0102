import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import { type OpenApiDocument, requestValidation } from "./request-validation.js";

export interface ValidatingClientOptions extends ClientOptions {
  /**
   * Check every request against the API description and throw a `RequestValidationError`
   * before sending one that it rejects (default `true`).
   */
  validateRequests?: boolean;
}

/** An `openapi-fetch` client that, unless told otherwise, validates requests against `document`. */
export function createValidatedClient<Paths extends {}>(document: OpenApiDocument, options: ValidatingClientOptions): Client<Paths> {
  const { validateRequests = true, ...clientOptions } = options;
  const client = createClient<Paths>(clientOptions);
  if (validateRequests) client.use(requestValidation(document));
  return client;
}
