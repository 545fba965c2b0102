// The good requests of a contract run, as data: per operation, the request (built from what
// earlier steps received) and the statuses a server documents for it. Three sequences run side
// by side; within one, each step waits for the steps it uses. Everything a step creates is on a
// user or document the run made itself (`contract-<uuid>`), deleted by the run.
import { randomUUID } from "node:crypto";
import { basicAuthorization, clientBasicAuthorization } from "../flows/basic-authorization.js";
import type { CredentialGroup, Credentials } from "./credentials.js";
import type { ApiName } from "./description.js";
import type { ContractAnswer, ContractRequest } from "./exchange.js";
import type { SecretRegistry } from "./secrets.js";

/** What the steps of one run pass on to later steps. */
export interface ScenarioState {
  readonly credentials: Credentials;
  readonly secrets: SecretRegistry;
  readonly values: Record<string, string>;
}

export interface ScenarioStep {
  /** Unique in the run; the operation's ID unless an operation has two good requests. */
  readonly id: string;
  readonly api: ApiName;
  readonly operationId: string;
  readonly needs: readonly CredentialGroup[];
  /** Steps whose values this one uses. */
  readonly uses: readonly string[];
  /** Creates what the API has no operation to delete: run only when the user allows leftovers. */
  readonly leavesData?: boolean;
  readonly expect: readonly number[];
  request(state: ScenarioState): ContractRequest;
  /** Takes what later steps need from the answer; throws when it is not there. */
  keep?(answer: ContractAnswer, state: ScenarioState): void;
}

const json = "application/json";
const giniJson = "application/vnd.gini.v1+json";
/** The smallest document the Gini API takes: a PDF header. */
const pdfBytes = new TextEncoder().encode("%PDF-1.4\n%contract check\n");

const uniqueEmail = () => `contract-${randomUUID()}@example.com`;
/** A password the run invents is a secret too: registered before it is sent. */
function newPassword(state: ScenarioState) {
  const password = `pw-${randomUUID()}`;
  state.secrets.register(password);
  return password;
}

function clientBasic({ credentials }: ScenarioState) {
  const { clientId, clientSecret } = credentials.giniClient!;
  return clientBasicAuthorization(clientId, clientSecret);
}

const bearer = (token: string | undefined) => `Bearer ${token}`;

function need(answer: ContractAnswer, value: unknown, what: string): string {
  if (typeof value !== "string" || value === "") throw new Error(`the answer (${answer.status}) has no ${what}`);
  return value;
}

const lastPathSegment = (location: string) => new URL(location, "http://server.invalid").pathname.split("/").pop()!;

function keepLocationId(name: string) {
  return (answer: ContractAnswer, { values }: ScenarioState) => {
    values[name] = lastPathSegment(need(answer, answer.headers.location, "Location header"));
  };
}

const accessToken = (answer: ContractAnswer) => need(answer, (answer.body as { access_token?: unknown } | undefined)?.access_token, "access_token");

/** User Center accounts, and the Gini API with the token of a user the run created (seed 001 flow 4). */
const accounts: ScenarioStep[] = [
  {
    id: "getClientToken",
    api: "user-center",
    operationId: "getClientToken",
    needs: ["giniClient"],
    uses: [],
    expect: [200],
    request: (state) => ({ api: "user-center", operationId: "getClientToken", query: { grant_type: "client_credentials" }, headers: { Authorization: clientBasic(state) } }),
    keep: (answer, { values }) => void (values.clientToken = accessToken(answer)),
  },
  {
    id: "requestToken (client credentials)",
    api: "user-center",
    operationId: "requestToken",
    needs: ["giniClient"],
    uses: [],
    expect: [200],
    request: (state) => ({ api: "user-center", operationId: "requestToken", query: { grant_type: "client_credentials" }, headers: { Authorization: clientBasic(state) } }),
  },
  {
    id: "createUser",
    api: "user-center",
    operationId: "createUser",
    needs: ["giniClient"],
    uses: ["getClientToken"],
    expect: [201],
    request: (state) => {
      state.values.email ??= uniqueEmail();
      state.values.password ??= newPassword(state);
      return { api: "user-center", operationId: "createUser", headers: { Authorization: bearer(state.values.clientToken) }, body: { mediaType: json, value: { email: state.values.email, password: state.values.password } } };
    },
    keep: keepLocationId("userId"),
  },
  {
    id: "getUser",
    api: "user-center",
    operationId: "getUser",
    needs: ["giniClient"],
    uses: ["createUser"],
    expect: [200],
    request: ({ values }) => ({ api: "user-center", operationId: "getUser", pathParameters: { userId: values.userId! }, headers: { Authorization: bearer(values.clientToken) } }),
  },
  {
    id: "requestToken (password)",
    api: "user-center",
    operationId: "requestToken",
    needs: ["giniClient"],
    uses: ["createUser"],
    expect: [200],
    request: (state) => ({
      api: "user-center",
      operationId: "requestToken",
      query: { grant_type: "password" },
      headers: { Authorization: clientBasic(state) },
      body: { mediaType: "application/x-www-form-urlencoded", value: { username: state.values.email, password: state.values.password } },
    }),
    keep: (answer, { values }) => void (values.userToken = accessToken(answer)),
  },
  {
    id: "listDocuments (user token)",
    api: "gini-api",
    operationId: "listDocuments",
    needs: ["giniClient"],
    uses: ["requestToken (password)"],
    expect: [200],
    request: ({ values }) => ({ api: "gini-api", operationId: "listDocuments", query: { limit: "20" }, headers: { Authorization: bearer(values.userToken), Accept: giniJson } }),
  },
  {
    id: "updateUser",
    api: "user-center",
    operationId: "updateUser",
    needs: ["giniClient"],
    uses: ["createUser"],
    expect: [204],
    request: (state) => {
      const { values } = state;
      values.newEmail ??= uniqueEmail();
      values.newPassword ??= newPassword(state);
      const body = { oldPassword: values.password, password: values.newPassword, oldEmail: values.email, email: values.newEmail };
      return { api: "user-center", operationId: "updateUser", pathParameters: { userId: values.userId! }, headers: { Authorization: bearer(values.clientToken) }, body: { mediaType: json, value: body } };
    },
  },
  {
    id: "changePasswordLegacy",
    api: "user-center",
    operationId: "changePasswordLegacy",
    needs: ["giniClient"],
    uses: ["updateUser"],
    expect: [204],
    request: (state) => {
      const { values } = state;
      values.legacyPassword ??= newPassword(state);
      const body = { oldPassword: values.newPassword, password: values.legacyPassword };
      return { api: "user-center", operationId: "changePasswordLegacy", pathParameters: { userId: values.userId! }, headers: { Authorization: bearer(values.clientToken) }, body: { mediaType: json, value: body } };
    },
  },
  {
    id: "deleteUser",
    api: "user-center",
    operationId: "deleteUser",
    needs: ["giniClient"],
    uses: ["createUser"],
    expect: [204],
    request: ({ values }) => ({ api: "user-center", operationId: "deleteUser", pathParameters: { userId: values.userId! }, headers: { Authorization: bearer(values.clientToken) } }),
  },
];

/** A derived user's documents: Basic client credentials with `X-User-Identifier` (seed 000). */
function derivedUser(state: ScenarioState) {
  state.values.userIdentifier ??= `contract-${randomUUID()}`;
  return { Authorization: clientBasic(state), "X-User-Identifier": state.values.userIdentifier, Accept: giniJson };
}

const onDocument = (operationId: string, expect: number[], extra: (state: ScenarioState) => Partial<ContractRequest> = () => ({})): ScenarioStep => ({
  id: operationId,
  api: "gini-api",
  operationId,
  needs: ["giniClient"],
  uses: ["createDocument"],
  expect,
  request: (state) => ({ api: "gini-api", operationId, pathParameters: { documentId: state.values.documentId! }, headers: derivedUser(state), ...extra(state) }),
});

const feedback = { mediaType: giniJson, value: { extractions: { amountToPay: { value: "24.99:EUR" } } } };

const documents: ScenarioStep[] = [
  {
    id: "listDocuments",
    api: "gini-api",
    operationId: "listDocuments",
    needs: ["giniClient"],
    uses: [],
    expect: [200],
    request: (state) => ({ api: "gini-api", operationId: "listDocuments", query: { limit: "20" }, headers: derivedUser(state) }),
  },
  {
    id: "createDocument",
    api: "gini-api",
    operationId: "createDocument",
    needs: ["giniClient"],
    uses: [],
    expect: [201],
    request: (state) => ({ api: "gini-api", operationId: "createDocument", query: { filename: "contract-check.pdf" }, headers: derivedUser(state), body: { mediaType: "application/pdf", value: pdfBytes } }),
    keep: keepLocationId("documentId"),
  },
  onDocument("getDocument", [200]),
  onDocument("getExtractions", [200]),
  onDocument("getLayout", [200]),
  onDocument("getPages", [200]),
  onDocument("sendExtractionFeedback", [204], () => ({ body: feedback })),
  onDocument("sendExtractionFeedbackBank", [204], () => ({ body: feedback })),
  onDocument("deleteDocument", [204]),
];

function innodataLogin({ credentials }: ScenarioState) {
  const { email, password } = credentials.innodataUser!;
  return { authentication_method: "password", username: email, password };
}

const innodata: ScenarioStep[] = [
  {
    id: "loginUser",
    api: "innodata",
    operationId: "loginUser",
    needs: ["innodataUser"],
    uses: [],
    expect: [200],
    request: (state) => ({ api: "innodata", operationId: "loginUser", body: { mediaType: json, value: innodataLogin(state) } }),
    keep: (answer, { values }) => {
      const keys = (answer.body as { response?: { api_keys?: { live?: unknown; test?: unknown } } } | undefined)?.response?.api_keys;
      values.apiKey = need(answer, keys?.live ?? keys?.test, "API key");
    },
  },
  {
    id: "getCurrentUser",
    api: "innodata",
    operationId: "getCurrentUser",
    needs: ["innodataUser"],
    uses: ["loginUser"],
    expect: [200],
    // Seed 002: the key is the Basic username, with an empty password.
    request: ({ values }) => ({ api: "innodata", operationId: "getCurrentUser", headers: { Authorization: basicAuthorization(values.apiKey!, "") } }),
  },
  {
    id: "createUser (Innodata)",
    api: "innodata",
    operationId: "createUser",
    needs: [],
    uses: [],
    leavesData: true,
    expect: [201],
    request: (state) => ({ api: "innodata", operationId: "createUser", body: { mediaType: json, value: { name: "Contract check", email: uniqueEmail(), password: newPassword(state), demo: false } } }),
  },
];

/** Gini Pay (docs/gini-pay.md): an invoice of its own becomes a payment request, which the user resolves and then deletes. */
const payDocument = "createDocument (Gini Pay)";
const onPayDocument = (operationId: string, expect: number[], extra: (state: ScenarioState) => Partial<ContractRequest> = () => ({})): ScenarioStep => ({
  id: operationId,
  api: "gini-api",
  operationId,
  needs: ["giniClient"],
  uses: [payDocument],
  expect,
  request: (state) => ({ api: "gini-api", operationId, pathParameters: { documentId: state.values.payDocumentId! }, headers: derivedUser(state), ...extra(state) }),
});
const onPaymentRequest = (operationId: string, uses: string[], expect: number[], extra: (state: ScenarioState) => Partial<ContractRequest> = () => ({})): ScenarioStep => ({
  id: operationId,
  api: "gini-api",
  operationId,
  needs: ["giniClient"],
  uses: ["createPaymentRequest", ...uses],
  expect,
  request: (state) => ({ api: "gini-api", operationId, pathParameters: { paymentRequestId: state.values.paymentRequestId! }, headers: derivedUser(state), ...extra(state) }),
});
const plain = (operationId: string, expect: number[], uses: string[] = [], extra: (state: ScenarioState) => Partial<ContractRequest> = () => ({})): ScenarioStep => ({
  id: operationId,
  api: "gini-api",
  operationId,
  needs: ["giniClient"],
  uses,
  expect,
  request: (state) => ({ api: "gini-api", operationId, headers: derivedUser(state), ...extra(state) }),
});
const paid = { recipient: "Contract Check GmbH", iban: "DE89370400440532013000", amount: "24.99:EUR", purpose: "Contract check invoice" };
const createPaymentRequest = (id: string, keep: string): ScenarioStep => ({
  ...plain("createPaymentRequest", [201], [payDocument, "listPaymentProviders"], ({ values }) => ({
    body: { mediaType: giniJson, value: { ...paid, paymentProvider: values.paymentProviderId!, sourceDocumentLocation: values.payDocumentUrl! } },
  })),
  id,
  keep: keepLocationId(keep),
});

const giniPay: ScenarioStep[] = [
  {
    ...plain("createDocument", [201], [], () => ({ query: { filename: "contract-pay.pdf" }, body: { mediaType: "application/pdf", value: pdfBytes } })),
    id: payDocument,
    keep: (answer, state) => {
      keepLocationId("payDocumentId")(answer, state);
      state.values.payDocumentUrl = answer.headers.location!;
    },
  },
  {
    ...plain("listPaymentProviders", [200]),
    keep: (answer, { values }) => {
      values.paymentProviderId = need(answer, (answer.body as { id?: unknown }[] | undefined)?.[0]?.id, "payment provider");
    },
  },
  ...[
    ["getPaymentProvider", giniJson],
    ["getPaymentProviderIcon", "image/png"],
  ].map(([operationId, accept]) => ({
    ...plain(operationId!, [200], ["listPaymentProviders"]),
    request: (state: ScenarioState): ContractRequest => ({
      api: "gini-api",
      operationId: operationId!,
      pathParameters: { paymentProviderId: state.values.paymentProviderId! },
      headers: { ...derivedUser(state), Accept: accept! },
    }),
  })),
  plain("getConfigurations", [200]),
  plain("logErrorEvent", [204], [], () => ({
    body: { mediaType: giniJson, value: { device_model: "contract", os_name: "contract", os_version: "1", capture_sdk_version: "1", api_lib_version: "1", description: "Contract check" } },
  })),
  plain("sendAnalyticsEvents", [204], [], () => ({ body: { mediaType: "application/vnd.gini.v1.events.amplitude", value: JSON.stringify({ events: [{ event_type: "contract_check" }] }) } })),
  onPayDocument("getPageImage", [200], (state) => ({
    pathParameters: { documentId: state.values.payDocumentId!, pageNumber: "1", size: "750x900" },
    headers: { ...derivedUser(state), Accept: "image/jpeg" },
  })),
  onPayDocument("getProcessedDocument", [200], (state) => ({ headers: { ...derivedUser(state), Accept: "application/octet-stream" } })),
  onPayDocument("sendExtractionFeedbackHealth", [204], () => ({ body: feedback })),
  createPaymentRequest("createPaymentRequest", "paymentRequestId"),
  createPaymentRequest("createPaymentRequest (batch delete)", "batchPaymentRequestId"),
  plain("listPaymentRequests", [200], ["createPaymentRequest"], () => ({ query: { limit: "20" } })),
  onPaymentRequest("getPaymentRequest", [], [200]),
  onPaymentRequest("resolvePaymentRequest", ["getPaymentRequest"], [201], () => ({ body: { mediaType: giniJson, value: paid } })),
  onPaymentRequest("getPayment", ["resolvePaymentRequest"], [200]),
  onPaymentRequest("deletePaymentRequest", ["getPayment", "listPaymentRequests"], [204]),
  plain("deletePaymentRequests", [204], ["createPaymentRequest (batch delete)"], ({ values }) => ({ body: { mediaType: giniJson, value: [values.batchPaymentRequestId!] } })),
  plain("deleteDocuments", [204], ["getPageImage", "getProcessedDocument", "sendExtractionFeedbackHealth", "createPaymentRequest", "createPaymentRequest (batch delete)"], ({ values }) => ({
    body: { mediaType: giniJson, value: [values.payDocumentId!] },
  })),
];

export const scenario: readonly (readonly ScenarioStep[])[] = [accounts, documents, innodata, giniPay];
