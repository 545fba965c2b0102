import { describe, expect, it } from "vitest";
import { decodeParameter, resolvePointer, schemaIssues, schemaValidators } from "../../src/openapi-document.js";

const document = {
  components: {
    schemas: {
      Email: { type: "string", format: "email" },
      Person: { type: "object", required: ["email"], properties: { email: { $ref: "#/components/schemas/Email" } } },
      Nothing: { anyOf: [false, false] },
    },
    parameters: { Limit: { $ref: "#/components/parameters/RealLimit" }, RealLimit: { name: "limit", in: "query", schema: { type: "integer" } } },
  },
};
const validatorAt = schemaValidators(document);

describe("reading a bundled OpenAPI document", () => {
  it("names each broken field and rule once, under the given root", () => {
    const validate = validatorAt(["components", "schemas", "Person"]);
    expect(validate({})).toBe(false);
    expect(schemaIssues("body", validate.errors)).toEqual([{ field: "body.email", rule: "required", message: "is required" }]);
    expect(validate({ email: "nope" })).toBe(false);
    expect(schemaIssues("", validate.errors)).toEqual([{ field: "email", rule: "format", message: 'must match format "email"' }]);
  });

  it("still reports a failure that only combinators describe", () => {
    const validate = validatorAt(["components", "schemas", "Nothing"]);
    expect(validate(1)).toBe(false);
    expect(schemaIssues("body", validate.errors).map((issue) => issue.rule)).toEqual(["false schema", "anyOf"]);
  });

  it("follows local $refs to where the object really sits", () => {
    expect(resolvePointer(document, ["components", "parameters", "Limit"])).toEqual({
      value: document.components.parameters.RealLimit,
      pointer: ["components", "parameters", "RealLimit"],
    });
  });

  it("decodes only well-formed numbers and booleans", () => {
    expect(decodeParameter("20", { type: "integer" })).toBe(20);
    expect(decodeParameter("0x10", { type: "integer" })).toBe("0x10");
    expect(decodeParameter("true", { type: "boolean" })).toBe(true);
    expect(decodeParameter("20", { type: "string" })).toBe("20");
  });
});
