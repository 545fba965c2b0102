// The string and number formats the descriptions use, as the precompiled validators check them.
// `npm run generate` fails on a format that is not listed here.

// RFC 5321 §4.1.2 Mailbox: a dot-string or quoted local part, then a domain or an address literal.
const atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const quotedString = '"(?:[ !#-\\[\\]-~]|\\\\[ -~])*"';
const label = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const addressLiteral = "\\[(?:\\d{1,3}(?:\\.\\d{1,3}){3}|IPv6:[0-9A-Fa-f:.]+)\\]";
const mailbox = new RegExp(`^(${atom}(?:\\.${atom})*|${quotedString})@(${label}(?:\\.${label})*|${addressLiteral})$`);
const maxLocalPart = 64; // RFC 5321 §4.5.3.1.1
const maxDomain = 255; // §4.5.3.1.2
const maxMailbox = 254; // §4.5.3.1.3: a path of 256 octets, less its angle brackets
const maxLabel = 63; // RFC 1035 §2.3.4

function isEmail(value: string): boolean {
  const found = mailbox.exec(value);
  if (!found || value.length > maxMailbox) return false;
  const [, localPart = "", domain = ""] = found;
  return localPart.length <= maxLocalPart && domain.length <= maxDomain && (domain.startsWith("[") || domain.split(".").every((part) => part.length <= maxLabel));
}

// RFC 3986 §3: an absolute URI, with none of the characters §2 never allows in one.
const absoluteUri = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s"<>\\^`{|}]*$/;
// RFC 9562 §4: the hex-and-hyphens form.
const uuid = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const int64Bound = 2 ** 63;

export interface Format<T extends string | number> {
  readonly type: T extends string ? "string" : "number";
  readonly validate: (value: T) => boolean;
}

export const formats = {
  email: { type: "string", validate: isEmail } satisfies Format<string>,
  uri: { type: "string", validate: (value: string) => absoluteUri.test(value) } satisfies Format<string>,
  uuid: { type: "string", validate: (value: string) => uuid.test(value) } satisfies Format<string>,
  // 2 ** 63 is exactly representable, so `next=9223372036854775808` is caught; parameters are read
  // rounded down (decode-parameter.ts), so `9223372036854775807` (2 ** 63 - 1) passes.
  int64: { type: "number", validate: (value: number) => Number.isInteger(value) && value >= -int64Bound && value < int64Bound } satisfies Format<number>,
};
