const utf8 = new TextEncoder();

/**
 * `Basic <base64(user-id:password)>` with the credentials encoded as UTF-8 (RFC 7617 §2.1,
 * `charset="UTF-8"`). Unlike `btoa("id:secret")`, this works for any Unicode text.
 */
export function basicAuthorization(userId: string, password: string): string {
  let binary = "";
  for (const byte of utf8.encode(`${userId}:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** The `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B). */
const formUrlEncode = (value: string) => new URLSearchParams([["", value]]).toString().slice(1);

/**
 * HTTP Basic client authentication for OAuth client credentials: RFC 6749 §2.3.1 has the client
 * ID and secret form-urlencoded before they are joined with `:`, so a `:`, `%` or `+` in either
 * survives the round trip.
 */
export function clientBasicAuthorization(clientId: string, clientSecret: string): string {
  return basicAuthorization(formUrlEncode(clientId), formUrlEncode(clientSecret));
}
