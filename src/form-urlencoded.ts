// `application/x-www-form-urlencoded` as the WHATWG URL Standard (§5) serializes and parses it,
// without `URLSearchParams`: React Native installs its own up to 0.79, which takes only an object
// (an array of pairs becomes `0=%2C…`), cannot parse a string and encodes with
// `encodeURIComponent` rules (`%20` for a space, `!'()~` left as they are).

// Lone surrogates cannot be UTF-8: like TextEncoder and the URL Standard, they become U+FFFD.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with every lone surrogate replaced by U+FFFD, so that it has a UTF-8 encoding. */
export const wellFormed = (text: string) => text.replace(loneSurrogate, "\uFFFD");

// `encodeURIComponent` leaves these unescaped; the urlencoded percent-encode set does not.
const notInFormSet = /[!'()~]/g;

/** One name or value: UTF-8, percent-encoded but for ASCII alphanumerics and `*-._`, a space as `+`. */
export function formEncode(text: string): string {
  return encodeURIComponent(wellFormed(text))
    .replace(notInFormSet, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** The urlencoded serialization of `pairs`, in order: `name=value&…`. */
export function formSerialize(pairs: Iterable<readonly [string, string]>): string {
  return Array.from(pairs, ([name, value]) => `${formEncode(name)}=${formEncode(value)}`).join("&");
}

/** A run of percent-encoded bytes as text; a run that is not UTF-8 stays as written. */
function percentDecode(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    return run;
  }
}

const decodeComponent = (text: string) => text.replace(/\+/g, " ").replace(/(?:%[0-9A-Fa-f]{2})+/g, percentDecode);

/** The urlencoded parser: `name=value&…` to pairs, in order (a name without `=` has the value ""). */
export function formParse(text: string): [string, string][] {
  return text
    .split("&")
    .filter((sequence) => sequence !== "")
    .map((sequence) => {
      const equals = sequence.indexOf("=");
      const [name, value] = equals === -1 ? [sequence, ""] : [sequence.slice(0, equals), sequence.slice(equals + 1)];
      return [decodeComponent(name), decodeComponent(value)];
    });
}
