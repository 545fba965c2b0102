import { TokenResponseError } from "./errors.js";

/** A bearer access token and the moment (ms since the epoch, by the flow's clock) it expires. */
export interface AccessToken {
  readonly value: string;
  readonly expiresAt: number;
}

/**
 * Checks a token endpoint's 200 body at runtime (RFC 6749 §5.1): `access_token` a non-empty
 * string, `token_type` `bearer` in any case (§7.1), `expires_in` a positive number of seconds.
 * A bad body is a `TokenResponseError` now rather than an `undefined` token later.
 */
export function parseTokenResponse(operation: string, body: unknown, now: number): AccessToken {
  if (typeof body !== "object" || body === null) throw new TokenResponseError(operation, "body", "must be a JSON object");
  const { access_token: value, token_type: type, expires_in: expiresIn } = body as Record<string, unknown>;
  if (typeof value !== "string" || value === "") throw new TokenResponseError(operation, "access_token", "must be a non-empty string");
  if (typeof type !== "string" || type.toLowerCase() !== "bearer") throw new TokenResponseError(operation, "token_type", "must be bearer");
  if (typeof expiresIn !== "number" || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new TokenResponseError(operation, "expires_in", "must be a positive number");
  }
  return { value, expiresAt: now + expiresIn * 1000 };
}
