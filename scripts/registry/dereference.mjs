// A schema of a bundled document as plain data: local `$ref`s inlined (a `$ref` back into a schema
// it is already inside stays a `$ref`), words for people left out. For the tools that derive
// requests from the rules (the contract suite's rule-breaking requests), not for validation:
// validation uses the compiled validators.
import { valueAt as at } from "../../src/registry/json-pointer.ts";
import { withoutAnnotations } from "./compile-validators.mjs";

export function dereferenced(document, pointer, inside = new Set()) {
  const inline = (node) => {
    if (Array.isArray(node)) return node.map(inline);
    if (!node || typeof node !== "object") return node;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
      return inside.has(node.$ref) ? { $ref: node.$ref } : dereferenced(document, node.$ref, new Set([...inside, node.$ref]));
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value)]));
  };
  return withoutAnnotations(inline(at(document, pointer)));
}
