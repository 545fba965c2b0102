import { formEncode, wellFormed } from "../form-urlencoded.js";

/**
 * `text` as UTF-8, one byte per character, for `btoa`. Built from `encodeURIComponent` rather
 * than `TextEncoder`, which React Native's older engines lack.
 */
const utf8Binary = (text: string) =>
  encodeURIComponent(wellFormed(text)).replace(/%([0-9A-F]{2})/g, (_, byte: string) => String.fromCharCode(Number.parseInt(byte, 16)));

/**
 * `Basic <base64(user-id:password)>` with the credentials encoded as UTF-8 (RFC 7617 §2.1,
 * `charset="UTF-8"`). Unlike `btoa("id:secret")`, this works for any Unicode text.
 */
export function basicAuthorization(userId: string, password: string): string {
  return `Basic ${btoa(utf8Binary(`${userId}:${password}`))}`;
}

/**
 * HTTP Basic client authentication for OAuth client credentials: RFC 6749 §2.3.1 has the client
 * ID and secret form-urlencoded before they are joined with `:`, so a `:`, `%` or `+` in either
 * survives the round trip (RFC 6749 Appendix B: the urlencoded encoding).
 */
export function clientBasicAuthorization(clientId: string, clientSecret: string): string {
  return basicAuthorization(formEncode(clientId), formEncode(clientSecret));
}
