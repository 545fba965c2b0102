// The generator of the compiled registry (scripts/registry/): what it refuses to compile, and
// that what it compiles runs without code generation and comes out the same every time.
import { describe, expect, it } from "vitest";
import { compileValidators } from "../../scripts/registry/compile-validators.mjs";

const schema = { type: "object", required: ["email"], properties: { email: { type: "string", format: "email", description: "words for people" }, size: { type: "integer", maximum: 10 } } };

describe("compiling validators for the registry", () => {
  it("fails on a format it cannot check, instead of letting it pass unchecked", () => {
    expect(() => compileValidators({ type: "string", format: "uri-reference" }, ["#"])).toThrow(/uri-reference.*src\/registry\/formats\.ts/);
  });

  it("emits plain functions: no eval, no new Function, no require, no annotations", () => {
    const { code, nameOf } = compileValidators(schema, ["#"]);
    expect(nameOf("#")).toBe("v0");
    expect(code).not.toMatch(/\bnew Function\b|\beval\(|require\(/);
    expect(code).not.toContain("words for people");
  });

  it("is byte-identical for the same input", () => {
    expect(compileValidators(schema, ["#", "#/properties/size"]).code).toBe(compileValidators(schema, ["#", "#/properties/size"]).code);
  });
});
