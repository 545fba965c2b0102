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
  /** Where the answer departs from what the run sent before (a created resource reads back with what was sent). */
  readBack?(answer: ContractAnswer, state: ScenarioState): string[];
}

type Send = (request: ContractRequest) => Promise<ContractAnswer>;

/**
 * A check of behaviour, reported on `operationId`: several requests, e.g. a wrong password
 * refused, a deleted user who can no longer log in, what one identity created invisible to another.
 */
export interface BehaviourStep {
  readonly id: string;
  readonly api: ApiName;
  readonly operationId: string;
  readonly needs: readonly CredentialGroup[];
  readonly uses: readonly string[];
  /** Resolves the problems found, `[]` when the server behaves as described. */
  behaviour(send: Send, state: ScenarioState): Promise<string[]>;
}

export type Step = ScenarioStep | BehaviourStep;
export const isBehaviour = (step: Step): step is BehaviourStep => "behaviour" in step;

/** The problems of `answer` where one of `statuses` is documented (a refusal, say), its status, media type and body checked as always. */
function expectAnswer(what: string, answer: ContractAnswer, statuses: readonly number[]): string[] {
  const problems = statuses.includes(answer.status) ? answer.problems : [`answered ${answer.status}, expected ${statuses.join(" or ")}`, ...answer.problems];
  return problems.map((problem) => `${what}: ${problem}`);
}

/** A field of a JSON answer, or `undefined`. */
const field = (answer: ContractAnswer, ...path: string[]): unknown => path.reduce<unknown>((value, name) => (value && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined), answer.body);

function sameValue(what: string, actual: unknown, expected: unknown): string[] {
  return actual === expected ? [] : [`${what} is not what the run sent`];
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

function passwordGrant(state: ScenarioState, username: string | undefined, password: string | undefined, authorization = clientBasic(state)): ContractRequest {
  return {
    api: "user-center",
    operationId: "requestToken",
    query: { grant_type: "password" },
    headers: { Authorization: authorization },
    body: { mediaType: "application/x-www-form-urlencoded", value: { username, password } },
  };
}

/** The client's Basic credentials with a secret that is not the client's. */
function wrongClientBasic({ credentials }: ScenarioState) {
  const { clientId, clientSecret } = credentials.giniClient!;
  return clientBasicAuthorization(clientId, `${clientSecret}-not`);
}

const getUser = (values: Record<string, string>, token = values.clientToken): ContractRequest => ({ api: "user-center", operationId: "getUser", pathParameters: { userId: values.userId! }, headers: { Authorization: bearer(token) } });

const accessToken = (answer: ContractAnswer) => need(answer, (answer.body as { access_token?: unknown } | undefined)?.access_token, "access_token");

/** User Center accounts, and the Gini API with the token of a user the run created (seed 001 flow 4). */
const accounts: Step[] = [
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
    keep: (answer, state) => {
      keepLocationId("userId")(answer, state);
      state.values.currentEmail = state.values.email!;
      state.values.currentPassword = state.values.password!;
    },
  },
  {
    id: "getUser",
    api: "user-center",
    operationId: "getUser",
    needs: ["giniClient"],
    uses: ["createUser"],
    expect: [200],
    request: ({ values }) => getUser(values),
    readBack: (answer, { values }) => [...sameValue("body.email", field(answer, "email"), values.email), ...sameValue("body.id", field(answer, "id"), values.userId)],
  },
  {
    id: "another client can neither read, delete nor log in the user",
    api: "user-center",
    operationId: "getUser",
    needs: ["giniClient", "otherGiniClient"],
    uses: ["createUser"],
    behaviour: async (send, state) => {
      const { values } = state;
      const { clientId, clientSecret } = state.credentials.otherGiniClient!;
      const otherBasic = clientBasicAuthorization(clientId, clientSecret);
      const token = await send({ api: "user-center", operationId: "getClientToken", query: { grant_type: "client_credentials" }, headers: { Authorization: otherBasic } });
      const tokenProblems = expectAnswer("the other client's token", token, [200]);
      if (tokenProblems.length > 0) return tokenProblems;
      const otherToken = accessToken(token);
      const [read, login] = await Promise.all([send(getUser(values, otherToken)), send(passwordGrant(state, values.email, values.password, otherBasic))]);
      const removal = await send({ ...getUser(values, otherToken), operationId: "deleteUser" });
      const stillThere = await send(getUser(values));
      return [
        ...expectAnswer("getUser by another client", read, [404]),
        ...expectAnswer("logging in through another client", login, [400]),
        ...expectAnswer("deleteUser by another client", removal, [404]),
        ...expectAnswer("getUser after another client's delete", stillThere, [200]),
      ];
    },
  },
  {
    id: "wrong client secret (client credentials)",
    api: "user-center",
    operationId: "getClientToken",
    needs: ["giniClient"],
    uses: [],
    behaviour: async (send, state) => {
      const answer = await send({ api: "user-center", operationId: "getClientToken", query: { grant_type: "client_credentials" }, headers: { Authorization: wrongClientBasic(state) } });
      return expectAnswer("a wrong client secret", answer, [401]);
    },
  },
  {
    id: "wrong client secret, wrong password, unknown user (password grant)",
    api: "user-center",
    operationId: "requestToken",
    needs: ["giniClient"],
    uses: ["createUser"],
    behaviour: async (send, state) => {
      const { email, password } = state.values;
      const [wrongSecret, wrongPassword, unknownUser] = await Promise.all([
        send(passwordGrant(state, email, password, wrongClientBasic(state))),
        send(passwordGrant(state, email, `${password}-not`)),
        send(passwordGrant(state, uniqueEmail(), password)),
      ]);
      return [...expectAnswer("a wrong client secret", wrongSecret, [401]), ...expectAnswer("a wrong password", wrongPassword, [400]), ...expectAnswer("an unknown user", unknownUser, [400])];
    },
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
    id: "a user's token manages no user",
    api: "user-center",
    operationId: "getUser",
    needs: ["giniClient"],
    uses: ["requestToken (password)"],
    behaviour: async (send, { values }) => expectAnswer("getUser with the user's own token, not a client's", await send(getUser(values, values.userToken)), [401]),
  },
  {
    // One direction only: the cleanup deletes what a user token created with that token, which the user's deletion revokes.
    id: "a derived user's document is invisible to a logged-in user",
    api: "gini-api",
    operationId: "getDocument",
    needs: ["giniClient"],
    uses: ["requestToken (password)"],
    behaviour: async (send, state) => {
      const user = { Authorization: bearer(state.values.userToken) };
      const derived = derivedUser(state);
      const created = await send(createDocument(derived));
      const problems = expectAnswer("createDocument as a derived user", created, [201]);
      const documentId = created.headers.location && lastPathSegment(created.headers.location);
      if (!documentId) return problems;
      try {
        const [read, listed] = await Promise.all([send(getDocument(documentId, user)), send({ api: "gini-api", operationId: "listDocuments", query: { limit: "20" }, headers: user })]);
        problems.push(...expectAnswer("a derived user's document read with a user's token", read, [404]));
        if (documentIds(listed).includes(documentId)) problems.push("listDocuments with a user's token lists a derived user's document");
      } finally {
        await send({ api: "gini-api", operationId: "deleteDocument", pathParameters: { documentId }, headers: derived });
      }
      return problems;
    },
  },
  {
    id: "a wrong old password changes nothing",
    api: "user-center",
    operationId: "updateUser",
    needs: ["giniClient"],
    uses: ["createUser"],
    behaviour: async (send, state) => {
      const { values } = state;
      const body = { oldPassword: `${values.password}-not`, password: newPassword(state) };
      const refused = await send({ api: "user-center", operationId: "updateUser", pathParameters: { userId: values.userId! }, headers: { Authorization: bearer(values.clientToken) }, body: { mediaType: json, value: body } });
      const stillValid = await send(passwordGrant(state, values.email, values.password));
      return [...expectAnswer("updateUser with a wrong oldPassword", refused, [400]), ...expectAnswer("the password after a refused change", stillValid, [200])];
    },
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
    keep: (_answer, { values }) => {
      values.currentEmail = values.newEmail!;
      values.currentPassword = values.newPassword!;
    },
  },
  {
    id: "the update is visible; the old password and email no longer log in",
    api: "user-center",
    operationId: "updateUser",
    needs: ["giniClient"],
    uses: ["updateUser"],
    behaviour: async (send, state) => {
      const { values } = state;
      const [read, oldPassword, oldEmail, updated] = await Promise.all([
        send(getUser(values)),
        send(passwordGrant(state, values.newEmail, values.password)),
        send(passwordGrant(state, values.email, values.password)),
        send(passwordGrant(state, values.newEmail, values.newPassword)),
      ]);
      return [
        ...expectAnswer("getUser after the update", read, [200]),
        ...sameValue("getUser after the update: body.email", field(read, "email"), values.newEmail),
        ...expectAnswer("the old password", oldPassword, [400]),
        ...expectAnswer("the old email", oldEmail, [400]),
        ...expectAnswer("the new email and password", updated, [200]),
      ];
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
    keep: (_answer, { values }) => void (values.currentPassword = values.legacyPassword!),
  },
  {
    id: "after the change only the new password logs in",
    api: "user-center",
    operationId: "changePasswordLegacy",
    needs: ["giniClient"],
    uses: ["changePasswordLegacy"],
    behaviour: async (send, state) => {
      const { values } = state;
      const [oldPassword, changed] = await Promise.all([send(passwordGrant(state, values.newEmail, values.newPassword)), send(passwordGrant(state, values.newEmail, values.legacyPassword))]);
      return [...expectAnswer("the old password", oldPassword, [400]), ...expectAnswer("the new password", changed, [200])];
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
  {
    id: "a deleted user is gone, cannot log in, and its tokens are refused",
    api: "user-center",
    operationId: "deleteUser",
    needs: ["giniClient"],
    uses: ["deleteUser", "requestToken (password)"],
    behaviour: async (send, state) => {
      const { values } = state;
      const [read, login, token] = await Promise.all([
        send(getUser(values)),
        send(passwordGrant(state, values.currentEmail, values.currentPassword)),
        send({ api: "gini-api", operationId: "listDocuments", query: { limit: "1" }, headers: { Authorization: bearer(values.userToken), Accept: giniJson } }),
      ]);
      return [...expectAnswer("getUser after the delete", read, [404]), ...expectAnswer("logging in after the delete", login, [400]), ...expectAnswer("the deleted user's token", token, [401])];
    },
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

/**
 * Waits, as Gini's SDKs do (they poll the document before reading its extractions), until the
 * document named by `values[documentKey]` is processed: `progress` COMPLETED, a failure on ERROR;
 * other values (PENDING, or a new one the server adds) are polled on.
 */
const untilProcessed = (id: string, documentKey: string, uses: string[]): BehaviourStep => ({
  id,
  api: "gini-api",
  operationId: "getDocument",
  needs: ["giniClient"],
  uses,
  behaviour: async (send, state) => {
    const deadline = Date.now() + processingWaitMs;
    for (;;) {
      const answer = await send(getDocument(state.values[documentKey]!, derivedUser(state)));
      const problems = expectAnswer("getDocument while waiting for processing", answer, [200]);
      const progress = field(answer, "progress");
      if (problems.length > 0) return problems;
      if (progress === "COMPLETED") return [];
      if (progress === "ERROR") return ["the document's processing ended in ERROR"];
      if (Date.now() > deadline) return [`the document was not processed within ${processingWaitMs / 1000} s (progress ${String(progress)})`];
      await new Promise((resolve) => setTimeout(resolve, processingPollMs));
    }
  },
});
const processingWaitMs = 30_000;
const processingPollMs = 250;

const feedback = { mediaType: giniJson, value: { extractions: { amountToPay: { value: "24.99:EUR" } } } };
/** The older feedback body, the other branch of the body's `anyOf`. */
const legacyFeedback = { mediaType: giniJson, value: { feedback: { amountToPay: { value: "24.99:EUR" } } } };

const contractFilename = "contract-check.pdf";

function createDocument(headers: Record<string, string>): ContractRequest {
  return { api: "gini-api", operationId: "createDocument", query: { filename: contractFilename }, headers, body: { mediaType: "application/pdf", value: pdfBytes } };
}

const getDocument = (documentId: string, headers: Record<string, string>): ContractRequest => ({ api: "gini-api", operationId: "getDocument", pathParameters: { documentId }, headers });

/** Another derived user of the same client. */
const otherDerivedUser = (state: ScenarioState) => ({ ...derivedUser(state), "X-User-Identifier": `contract-${randomUUID()}` });

const documentIds = (answer: ContractAnswer): unknown[] => {
  const documents = field(answer, "documents");
  return Array.isArray(documents) ? documents.map((document) => (document as { id?: unknown } | null)?.id) : [];
};

const documents: Step[] = [
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
    id: "wrong client secret (derived user)",
    api: "gini-api",
    operationId: "listDocuments",
    needs: ["giniClient"],
    uses: [],
    behaviour: async (send, state) => {
      const answer = await send({ api: "gini-api", operationId: "listDocuments", query: { limit: "1" }, headers: { ...derivedUser(state), Authorization: wrongClientBasic(state) } });
      return expectAnswer("a wrong client secret", answer, [401]);
    },
  },
  {
    id: "createDocument",
    api: "gini-api",
    operationId: "createDocument",
    needs: ["giniClient"],
    uses: [],
    expect: [201],
    request: (state) => createDocument(derivedUser(state)),
    keep: keepLocationId("documentId"),
  },
  { ...onDocument("getDocument", [200]), readBack: (answer, { values }) => [...sameValue("body.id", field(answer, "id"), values.documentId), ...sameValue("body.name", field(answer, "name"), contractFilename)] },
  {
    id: "another derived user sees none of it",
    api: "gini-api",
    operationId: "getDocument",
    needs: ["giniClient"],
    uses: ["createDocument"],
    behaviour: async (send, state) => {
      const other = otherDerivedUser(state);
      const [read, list] = await Promise.all([send(getDocument(state.values.documentId!, other)), send({ api: "gini-api", operationId: "listDocuments", query: { limit: "20" }, headers: other })]);
      return [
        ...expectAnswer("getDocument as another derived user", read, [404]),
        ...expectAnswer("listDocuments as another derived user", list, [200]),
        ...(documentIds(list).includes(state.values.documentId) ? ["listDocuments as another derived user lists the document"] : []),
      ];
    },
  },
  untilProcessed("document processed", "documentId", ["createDocument"]),
  { ...onDocument("getExtractions", [200]), uses: ["document processed"] },
  { ...onDocument("getLayout", [200]), uses: ["document processed"] },
  { ...onDocument("getPages", [200]), uses: ["document processed"] },
  onDocument("sendExtractionFeedback", [204], () => ({ body: feedback })),
  { ...onDocument("sendExtractionFeedback", [204], () => ({ body: legacyFeedback })), id: "sendExtractionFeedback (legacy body)" },
  onDocument("sendExtractionFeedbackBank", [204], () => ({ body: feedback })),
  onDocument("deleteDocument", [204]),
  {
    id: "a deleted document is gone",
    api: "gini-api",
    operationId: "deleteDocument",
    needs: ["giniClient"],
    uses: ["deleteDocument"],
    behaviour: async (send, state) => expectAnswer("getDocument after the delete", await send(getDocument(state.values.documentId!, derivedUser(state))), [404]),
  },
];

/** Three documents of a derived user of its own, listed a page at a time. */
const listing: Step[] = [
  {
    id: "limit, offset and totalCount",
    api: "gini-api",
    operationId: "listDocuments",
    needs: ["giniClient"],
    uses: [],
    behaviour: async (send, state) => {
      const headers = { ...derivedUser(state), "X-User-Identifier": `contract-${randomUUID()}` };
      const created = await Promise.all([1, 2, 3].map(() => send(createDocument(headers))));
      const notCreated = created.flatMap((answer) => expectAnswer("createDocument", answer, [201]));
      if (notCreated.length > 0) return notCreated;
      const page = (limit: string, offset: string) => send({ api: "gini-api", operationId: "listDocuments", query: { limit, offset }, headers });
      const [first, second] = await Promise.all([page("2", "0"), page("2", "2")]);
      const problems = [...expectAnswer("listDocuments limit=2", first, [200]), ...expectAnswer("listDocuments limit=2 offset=2", second, [200])];
      if (problems.length > 0) return problems;
      const [firstIds, secondIds] = [documentIds(first), documentIds(second)];
      return [
        ...(firstIds.length === 2 ? [] : ["listDocuments limit=2 of 3 documents does not list 2"]),
        ...(secondIds.length === 1 ? [] : ["listDocuments limit=2 offset=2 of 3 documents does not list 1"]),
        ...(secondIds.some((id) => firstIds.includes(id)) ? ["listDocuments offset=2 lists a document of the first page"] : []),
        ...sameValue("listDocuments body.totalCount (3 documents created)", field(first, "totalCount"), 3),
      ];
    },
  },
];

function innodataLogin({ credentials }: ScenarioState) {
  const { email, password } = credentials.innodataUser!;
  return { authentication_method: "password", username: email, password };
}

const innodata: Step[] = [
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
    id: "wrong password, unknown user",
    api: "innodata",
    operationId: "loginUser",
    needs: ["innodataUser"],
    uses: [],
    behaviour: async (send, state) => {
      const login = innodataLogin(state);
      const [wrongPassword, unknownUser] = await Promise.all([
        send({ api: "innodata", operationId: "loginUser", body: { mediaType: json, value: { ...login, password: `${login.password}-not` } } }),
        send({ api: "innodata", operationId: "loginUser", body: { mediaType: json, value: { ...login, username: uniqueEmail() } } }),
      ]);
      return [...expectAnswer("a wrong password", wrongPassword, [401]), ...expectAnswer("an unknown user", unknownUser, [401])];
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
    readBack: (answer, { credentials }) => sameValue("body.response.email", field(answer, "response", "email"), credentials.innodataUser!.email),
  },
  {
    id: "a key no one was given",
    api: "innodata",
    operationId: "getCurrentUser",
    needs: ["innodataUser"],
    uses: [],
    behaviour: async (send) => expectAnswer("a well-formed key no one was given", await send({ api: "innodata", operationId: "getCurrentUser", headers: { Authorization: basicAuthorization(`user-live-${randomUUID()}`, "") } }), [401]),
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
  uses: ["pay document processed"],
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

const giniPay: Step[] = [
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
  untilProcessed("pay document processed", "payDocumentId", [payDocument]),
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

export const scenario: readonly (readonly Step[])[] = [accounts, documents, listing, innodata, giniPay];
