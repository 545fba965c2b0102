// The shape of the compiled registry that `npm run generate` writes to generated/<api>.registry.ts
// and generated/<api>.responses.ts: everything the clients, the sandbox, the mock, the contract
// suite and the docs know about an API at run time, with precompiled validators.

/** A failed rule, as the precompiled validators report it (ajv's error object without a message). */
export interface ValidationError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A precompiled JSON Schema validator: true when `data` keeps the schema, else `errors` says why. */
export interface Validator {
  (data: unknown): boolean;
  errors?: readonly ValidationError[] | null;
}

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE";

interface ParameterEntry {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required: boolean;
  /** The schema's `type`, to decode a value that travelled as text. */
  readonly type?: string;
  readonly validate?: Validator;
}

interface RequestBodyEntry {
  readonly required: boolean;
  /** Each media type the operation takes, with the validator of its schema for JSON and form bodies. */
  readonly content: Readonly<Record<string, Validator | null>>;
}

/** A security requirement: every scheme named in it must be satisfied (OpenAPI 3.1 §4.8.30). */
type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

export interface OperationEntry {
  readonly id: string;
  readonly method: HttpMethod;
  /** The path template, e.g. `/api/users/{userId}`. */
  readonly path: string;
  readonly summary?: string;
  readonly tags: readonly string[];
  /** Any one requirement suffices; an empty list or an empty requirement means no authentication. */
  readonly security: readonly SecurityRequirement[];
  readonly parameters: readonly ParameterEntry[];
  readonly body?: RequestBodyEntry;
}

interface SecuritySchemeEntry {
  readonly type: "http" | "apiKey" | "oauth2" | "openIdConnect" | "mutualTLS";
  /** For `http`: `basic` or `bearer`, lower-cased. */
  readonly scheme?: string;
  /** For `apiKey`: where and under which name. */
  readonly in?: "header" | "query" | "cookie";
  readonly name?: string;
}

/** What the clients import: one API's servers, schemes and operations with their request validators. */
export interface ApiRegistry {
  /** The API's name as `redocly.yaml` lists it, e.g. `user-center`. */
  readonly name: string;
  readonly title: string;
  readonly servers: readonly { readonly url: string; readonly description?: string }[];
  /** The first server that is not the local one: where a client goes by default. */
  readonly defaultServer: string;
  /** The port of the local mock and sandbox, unless `portVariable` says otherwise. */
  readonly localPort: number;
  readonly portVariable: string;
  /** The paths of the server URLs (Innodata's `/v1.1`, `/v1`), longest first. */
  readonly basePaths: readonly string[];
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeEntry>>;
  readonly operations: readonly OperationEntry[];
}

interface ResponseHeaderEntry {
  readonly name: string;
  readonly required: boolean;
  readonly validate?: Validator;
}

interface ResponseMediaEntry {
  readonly validate?: Validator;
  /** The named examples of this answer (an unnamed `example` is called `default`). */
  readonly examples: Readonly<Record<string, unknown>>;
}

export interface ResponseEntry {
  readonly headers: readonly ResponseHeaderEntry[];
  /** Absent when the answer documents no body. */
  readonly content?: Readonly<Record<string, ResponseMediaEntry>>;
}

/** Per operation ID, per documented status (`200`, `4XX`, `default`), what the answer must be. */
export type ResponseRegistry = Readonly<Record<string, Readonly<Record<string, ResponseEntry>>>>;

/** A JSON Schema as data: `$ref`s inlined, annotations left out. */
type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Per operation ID, the schemas of its parameters (`query.limit`), request bodies and answers
 * (per status and media type), for tools that derive requests from the rules (the contract
 * suite's rule-breaking requests); checking uses the validators.
 */
export type SchemaRegistry = Readonly<
  Record<
    string,
    {
      readonly parameters: Readonly<Record<string, JsonSchema>>;
      readonly body: Readonly<Record<string, JsonSchema>>;
      readonly responses: Readonly<Record<string, Readonly<Record<string, JsonSchema>>>>;
    }
  >
>;
