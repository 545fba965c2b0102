// The request and response shapes the sandbox's API modules work with: a fully read request
// with case-insensitive header access, and a response whose body is a JSON value or nothing.
import { utf8Text } from "./bytes.js";
import { essenceOf, isJsonMediaType } from "../src/registry/api-contract.js";

/** Request headers by lower-case name, as `node:http` gives them. */
export type HeaderMap = Readonly<Record<string, string | string[] | undefined>>;

export interface SandboxResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Record<string, string>;
  /** A JSON value, a file's bytes (a `Uint8Array`, sent as they are), or `undefined` for an empty body. */
  readonly body?: unknown;
}

/** What is known of a request before its body is read: enough to route and authenticate it. */
export class RequestHead {
  constructor(
    readonly method: string,
    /** The URL with any server base path (Innodata's `/v1.1`) already removed. */
    readonly url: URL,
    /** Lower-case names. */
    readonly headers: HeaderMap,
  ) {}

  get query(): URLSearchParams {
    return this.url.searchParams;
  }

  /** Header names are case-insensitive (RFC 9110 §5.1); Node already lower-cases them. */
  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(", ") : value;
  }
}

export class SandboxRequest extends RequestHead {
  private parsed: { readonly body: unknown } | undefined;

  constructor(
    method: string,
    url: URL,
    headers: HeaderMap,
    readonly body: Uint8Array,
  ) {
    super(method, url, headers);
  }

  get bodyLength(): number {
    return this.body.byteLength;
  }

  /**
   * The body as JSON, a form as an object, a multipart form's fields; `undefined` when it does
   * not parse. At once, except a multipart form's, whose parts are read first (a promise).
   */
  parsedBody(): unknown | Promise<unknown> {
    this.parsed ??= { body: this.parse() };
    return this.parsed.body;
  }

  /** A `multipart/form-data` body's parts; `undefined` when it does not parse. */
  async formData(): Promise<FormData | undefined> {
    try {
      return await new Response(new Uint8Array(this.body), { headers: { "content-type": this.header("content-type") ?? "" } }).formData();
    } catch {
      return undefined;
    }
  }

  private parse(): unknown | Promise<unknown> {
    const contentType = this.header("content-type") ?? "";
    const mediaType = essenceOf(contentType);
    // The schema checks which parts are there; a part's content is a file, not a JSON value.
    if (mediaType === "multipart/form-data") return this.formData().then((form) => form && Object.fromEntries([...form.keys()].map((key) => [key, "(part)"])));
    const text = utf8Text(this.body);
    if (mediaType === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
    if (!isJsonMediaType(mediaType)) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
}

export const emptyResponse = (status: number, headers: Record<string, string> = {}): SandboxResponse => ({ status, headers });

export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}, contentType = "application/json"): SandboxResponse => ({
  status,
  headers: { "content-type": contentType, ...headers },
  body,
});
