// Changes a server may make without breaking an integration (docs/contract.md, "What a server may
// change"): the contract suite must pass against the sandbox with any of them, workflows included.
import type { Middleware } from "./staging.js";

export interface Change {
  readonly name: string;
  readonly middleware: Middleware;
}

const isJson = (contentType: string | null) => /^application\/(.+\+)?json\b/i.test(contentType ?? "");

/** The answer with its JSON body (when it has one) changed by `edit`, its headers by `headers`. */
export function rewriteAnswer(answer: Response, edit: (body: unknown) => unknown, headers: (headers: Headers) => void = () => {}): Promise<Response> {
  const changedHeaders = new Headers(answer.headers);
  headers(changedHeaders);
  if (!isJson(answer.headers.get("content-type")) || answer.status === 204) return Promise.resolve(new Response(answer.body, { status: answer.status, headers: changedHeaders }));
  return answer.text().then((text) => {
    const body = text === "" ? text : JSON.stringify(edit(JSON.parse(text)));
    changedHeaders.delete("content-length");
    return new Response(body, { status: answer.status, headers: changedHeaders });
  });
}

const extra = { "x-staging-build": "2026.12.1", "x-staging-flags": { beta: true } };
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** New properties in the answer's object and in the objects of its lists (not in maps, whose values have a schema of their own). */
function withExtraFields(body: unknown): unknown {
  if (!isObject(body)) return body;
  const listed = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, Array.isArray(value) ? value.map((item) => (isObject(item) ? { ...item, ...extra } : item)) : value]));
  return { ...listed, ...extra };
}

/** Values of enums the description leaves open (`anyOf` with a plain string): a document's `sourceClassification`, and `progress` while pending. */
function withNewEnumValues(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(withNewEnumValues);
  if (!isObject(body)) return body;
  const newValue = (key: string, value: unknown) => (key === "sourceClassification" ? "SCREEN" : key === "progress" && value === "PENDING" ? "QUEUED" : withNewEnumValues(value));
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, newValue(key, value)]));
}

export const tolerated: readonly Change[] = [
  { name: "additional properties in every answer", middleware: async (_api, request, forward) => rewriteAnswer(await forward(request), withExtraFields) },
  { name: "new values of open enums (sourceClassification: SCREEN, progress: QUEUED)", middleware: async (_api, request, forward) => rewriteAnswer(await forward(request), withNewEnumValues) },
  {
    name: "extra headers on every answer",
    middleware: async (_api, request, forward) => rewriteAnswer(await forward(request), (body) => body, (headers) => {
      headers.set("x-served-by", "staging-7");
      headers.set("strict-transport-security", "max-age=31536000");
    }),
  },
  {
    name: "a charset parameter on every media type",
    middleware: async (_api, request, forward) => rewriteAnswer(await forward(request), (body) => body, (headers) => {
      const type = headers.get("content-type");
      if (type && !type.includes(";")) headers.set("content-type", `${type}; charset=utf-8`);
    }),
  },
  {
    name: "slower answers, within the timeout",
    middleware: async (_api, request, forward) => {
      await new Promise((later) => setTimeout(later, 150));
      return forward(request);
    },
  },
];

/** Every change in one server: each middleware wraps the next. */
export const allOf = (changes: readonly Change[]): Middleware => changes.reduceRight<Middleware>((next, change) => (api, request, forward) => change.middleware(api, request, (inner) => next(api, inner, forward)), (_api, request, forward) => forward(request));
