import { pointerSegments } from "./json-pointer.js";
import type { ValidationError } from "./types.js";

/** A field of a value that breaks a schema, and the rule it breaks (never the value itself). */
export interface SchemaIssue {
  /** The root followed by the path into the value, e.g. `body.password`. */
  readonly field: string;
  /** The JSON Schema keyword that failed, e.g. `minLength`, `format`, `required`. */
  readonly rule: string;
  readonly message: string;
}

const combinatorKeywords = new Set(["anyOf", "oneOf", "allOf", "not", "if", "false schema"]);


// The compiled validators carry no messages (smaller code); these say the rule in words, and
// never quote the value.
function messageOf({ keyword, params }: ValidationError): string {
  switch (keyword) {
    case "required":
      return "is required";
    case "type":
      return `must be ${params.type}`;
    case "minLength":
    case "maxLength":
      return `must NOT have ${keyword === "minLength" ? "fewer" : "more"} than ${params.limit} characters`;
    case "minItems":
    case "maxItems":
      return `must NOT have ${keyword === "minItems" ? "fewer" : "more"} than ${params.limit} items`;
    case "minProperties":
    case "maxProperties":
      return `must NOT have ${keyword === "minProperties" ? "fewer" : "more"} than ${params.limit} properties`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `must be ${params.comparison} ${params.limit}`;
    case "format":
      return `must match format "${params.format}"`;
    case "pattern":
      return `must match pattern "${params.pattern}"`;
    case "enum":
      return "must be equal to one of the allowed values";
    case "const":
      return "must be equal to constant";
    case "multipleOf":
      return `must be multiple of ${params.multipleOf}`;
    case "additionalProperties":
    case "unevaluatedProperties":
      return "is not allowed";
    case "uniqueItems":
      return "must NOT have duplicate items";
    case "dependentRequired":
      return `must have property ${params.missingProperty} when property ${params.property} is present`;
    case "false schema":
      return "is not allowed here";
    default:
      return `must match ${keyword}`;
  }
}

/** The fields and rules behind a validator's errors, each pair once. */
export function schemaIssues(root: string, errors: readonly ValidationError[] | null | undefined): SchemaIssue[] {
  const all = errors ?? [];
  // A combinator only says that no branch matched; the branches' own errors name the fields.
  const specific = all.filter((error) => !combinatorKeywords.has(error.keyword));
  const issues: SchemaIssue[] = [];
  for (const error of specific.length > 0 ? specific : all) {
    const path = pointerSegments(error.instancePath);
    if (error.keyword === "required") path.push(String(error.params.missingProperty));
    if (error.keyword === "additionalProperties" || error.keyword === "unevaluatedProperties") path.push(String(error.params.additionalProperty ?? error.params.unevaluatedProperty));
    const field = [root, ...path].filter(Boolean).join(".");
    if (!issues.some((issue) => issue.field === field && issue.rule === error.keyword)) issues.push({ field, rule: error.keyword, message: messageOf(error) });
  }
  return issues;
}
