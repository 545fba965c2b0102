// What the precompiled validators in generated/ call at run time, instead of ajv's runtime modules.
export { formats } from "./formats.js";

/** The length of a string in Unicode code points, as JSON Schema's `minLength` and `maxLength` count it. */
export function ucs2length(value: string): number {
  let length = 0;
  for (let index = 0; index < value.length; index++, length++) {
    const code = value.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && (value.charCodeAt(index + 1) & 0xfc00) === 0xdc00) index++;
  }
  return length;
}
