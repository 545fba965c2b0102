// The sandbox state in which the descriptions' named examples work as written for the sandbox's
// demo client: the IDs, users, tokens and keys of `sandbox/contract-fixtures.json` (which puts
// the examples into the sandbox for the seeds' client, the Gini Pay example requests included),
// owned by the demo client instead.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { firstExampleValue } from "./operations.mjs";

/** The sandbox's built-in demo client (`demoClient` in sandbox/config.ts; documented, not secret). */
export const demoClient = { id: "sandbox-client", secret: "sandbox-secret" };

const fixtures = JSON.parse(readFileSync(fileURLToPath(new URL("../../sandbox/contract-fixtures.json", import.meta.url)), "utf8"));
const ownedByDemoClient = (owner) => ("clientId" in owner ? { ...owner, clientId: demoClient.id } : owner);

/** `{ email, password }` of the Innodata login examples (seed 002 logs in a user it signed up). */
function innodataLogins(apiDescriptions) {
  const innodata = apiDescriptions.find(({ name }) => name === "innodata");
  return innodata.operations.flatMap((operation) => {
    const [, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
    const example = firstExampleValue(innodata.document, media);
    return typeof example?.username === "string" && typeof example.password === "string" ? [{ email: example.username, password: example.password }] : [];
  });
}

/**
 * The sandbox configuration of the examples (`apiDescriptions` from `loadApiDescriptions`): the
 * fixtures' users, tokens, documents and keys, and the users of the Innodata login examples.
 * `signUpEmail`: the email a sign-up example creates; that user (and what it owns) is left out,
 * so that the sign-up finds its email free.
 */
export function examplesSandboxConfig(apiDescriptions, { signUpEmail } = {}) {
  const isSignUp = (email) => email !== undefined && email.toLowerCase() === signUpEmail?.toLowerCase();
  const innodataUsers = [
    ...fixtures.innodataUsers,
    ...innodataLogins(apiDescriptions).map(({ email, password }) => ({ name: "Example user", email, password })),
  ];
  return {
    tokenTtlSeconds: 3600,
    passwordHashCost: 1024,
    clients: [{ id: demoClient.id, secrets: [demoClient.secret], derivedUsers: true }],
    users: fixtures.users.filter(({ email }) => !isSignUp(email)),
    tokens: fixtures.tokens.filter(({ userEmail }) => !isSignUp(userEmail)).map((token) => ({ ...token, clientId: demoClient.id })),
    documents: fixtures.documents.filter(({ owner }) => !isSignUp(owner.userEmail)).map((document) => ({ ...document, owner: ownedByDemoClient(document.owner) })),
    innodataUsers: innodataUsers.filter(({ email }) => !isSignUp(email)),
    giniPay: { paymentRequests: fixtures.giniPay.paymentRequests.map((request) => ({ ...request, owner: ownedByDemoClient(request.owner) })) },
  };
}

/** The credentials the samples send, each one that the examples' sandbox knows. */
export const exampleCredentials = {
  client: demoClient,
  /** A client token (no user), for the User Center's user management. */
  clientToken: fixtures.tokens.find(({ userEmail }) => userEmail === undefined).accessToken,
  /** The derived user that owns the example documents. */
  userIdentifier: fixtures.documents.find(({ owner }) => "userIdentifier" in owner).owner.userIdentifier,
  /** A live Innodata API key. */
  innodataKey: fixtures.innodataUsers.find(({ liveKey }) => liveKey).liveKey,
};
