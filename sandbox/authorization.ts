// Reading the `Authorization` header as real servers do: the scheme name is case-insensitive
// (RFC 7235 §2.1), Basic credentials are Base64 of UTF-8 `user:pass` (RFC 7617 §2).
import { fromBase64, utf8Text } from "./bytes.js";

function credentialsOf(header: string | undefined, scheme: "basic" | "bearer"): string | undefined {
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header ?? "");
  return match && match[1]!.toLowerCase() === scheme ? match[2] : undefined;
}

export function bearerToken(header: string | undefined): string | undefined {
  return credentialsOf(header, "bearer");
}

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

export function basicCredentials(header: string | undefined): BasicCredentials | undefined {
  const encoded = credentialsOf(header, "basic");
  if (encoded === undefined || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return undefined;
  const bytes = fromBase64(encoded);
  if (!bytes) return undefined;
  const decoded = utf8Text(bytes);
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const formDecode = (value: string) => decodeURIComponent(value.replaceAll("+", " "));

/** RFC 6749 §2.3.1: the client ID and secret are form-urlencoded before Basic encoding. */
export function clientCredentials(header: string | undefined): BasicCredentials | undefined {
  const credentials = basicCredentials(header);
  if (!credentials) return undefined;
  try {
    return { username: formDecode(credentials.username), password: formDecode(credentials.password) };
  } catch {
    return undefined;
  }
}
