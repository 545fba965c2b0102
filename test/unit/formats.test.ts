import { describe, expect, it } from "vitest";
import { formats } from "../../src/registry/formats.js";

const { email, int64, uuid, uri } = formats;

describe("the formats the compiled validators check", () => {
  it.each([
    "a@dev", // RFC 5321 §4.1.2: a domain may be a single label
    "some_user@example.com",
    "first.last+tag@sub.example.co",
    '"quoted local"@example.com',
    "user@[192.0.2.1]",
    "user@[IPv6:2001:db8::1]",
    `${"a".repeat(64)}@example.com`,
  ])("email accepts %s", (value) => expect(email.validate(value)).toBe(true));

  it.each([
    ["a local part over 64 characters (RFC 5321 §4.5.3.1.1)", `${"a".repeat(65)}@example.com`],
    ["a mailbox over 254 characters (§4.5.3.1.3)", `a@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.${"e".repeat(63)}.com`],
    ["a label over 63 characters", `a@${"b".repeat(64)}.com`],
    ["no @", "example.com"],
    ["two dots in a row", "a..b@example.com"],
    ["a leading dot", ".a@example.com"],
    ["a label starting with a hyphen", "a@-example.com"],
    ["a space", "a b@example.com"],
    ["an empty domain", "a@"],
  ])("email rejects %s", (_case, value) => expect(email.validate(value)).toBe(false));

  it("int64 holds the range a JSON number can say: 2^63 is out, -2^63 in", () => {
    expect(int64.validate(Number("9223372036854775808"))).toBe(false);
    expect(int64.validate(-(2 ** 63))).toBe(true);
    expect(int64.validate(2 ** 53)).toBe(true);
    expect(int64.validate(1.5)).toBe(false);
  });

  it("uuid and uri take their RFC forms", () => {
    expect(uuid.validate("c1e60c6b-a0a4-4d80-81eb-c1c6de729a0e")).toBe(true);
    expect(uuid.validate("c1e60c6b-a0a4-4d80-81eb-c1c6de729a0")).toBe(false);
    expect(uri.validate("https://pay-api.gini.net/documents/1")).toBe(true);
    expect(uri.validate("/documents/1")).toBe(false);
    expect(uri.validate("https://example.com/a b")).toBe(false);
  });
});
