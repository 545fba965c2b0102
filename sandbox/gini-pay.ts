// Gini Pay in the sandbox. Payment providers and the client configuration come from the
// configuration's `giniPay` (defaults below). Payment requests have their lifecycle: the
// requester creates one (it is `open`), anyone holding its ID reads it — the bank app is another
// user of another client, who got the ID from the requester's deep link or QR code — the bank
// app resolves it (`paid`, and its payment appears), and only its creator lists and deletes it.
// Batch deletes are all or nothing and name what stopped them. A provider's icon is a 1×1 PNG in
// its background colour; the QR PDF and PNG of a request are not served yet (406).
//
// Payment requests live in memory beside the SQLite state (one store per `SandboxState`), so a
// `stateFile` does not keep them across restarts.
import type { components } from "../generated/gini-api.js";
import type { Handler, HandlerContext } from "./api-server.js";
import { bytesResponse, pngPixel } from "./binary-answers.js";
import { apiError, giniJson } from "./gini-api-answers.js";
import { emptyResponse, type SandboxRequest } from "./http-types.js";
import type { DocumentOwnerConfig } from "./config.js";
import { randomId } from "./bytes.js";
import { type DocumentOwner, documentIdOf, type SandboxState } from "./state.js";
import { ownerKey } from "./state/documents.js";

type Schemas = components["schemas"];
type Context = HandlerContext<DocumentOwner>;

/** A payment provider of the configuration; the sandbox adds `iconLocation`. */
type PaymentProviderConfig = Omit<Schemas["PaymentProvider"], "iconLocation">;

/** A payment request the sandbox starts with; `paidAt` makes it resolved with its own values. */
type PaymentRequestConfig = Schemas["PaymentRequestInput"] & { readonly id: string; readonly owner: DocumentOwnerConfig; readonly createdAt?: string; readonly paidAt?: string };

export interface GiniPayConfig {
  readonly paymentProviders?: readonly PaymentProviderConfig[];
  readonly paymentRequests?: readonly PaymentRequestConfig[];
  readonly configuration?: Schemas["ClientConfiguration"];
  /** Where a resolved request sends the user back (`requesterUri`). */
  readonly requesterUri?: string;
}

/** Two sandbox banks, with the IDs of the providers in Gini's SDK test resources (the description's examples). */
const defaultPaymentProviders: readonly PaymentProviderConfig[] = [
  {
    id: "7e72441c-32f8-11eb-b611-c3190574373c",
    name: "Sandbox Bank",
    appSchemeIOS: "sandboxbank://payment",
    packageNameAndroid: "net.example.sandboxbank",
    minAppVersion: { ios: "1.0.0", android: "1.0.0" },
    colors: { background: "009EDC", text: "FFFFFF" },
    gpcSupportedPlatforms: ["android", "ios"],
    openWithSupportedPlatforms: ["android", "ios"],
  },
  {
    id: "9a9b41f2-32f8-11eb-9fb5-e378350b0392",
    name: "Sandbox Savings",
    appSchemeIOS: "sandboxsavings://payment",
    packageNameAndroid: "net.example.sandboxsavings",
    minAppVersion: { ios: "2.0.0", android: "2.0.0" },
    colors: { background: "112233", text: "44AAFF" },
    gpcSupportedPlatforms: ["android"],
    openWithSupportedPlatforms: [],
  },
];

const defaultClientConfiguration: Schemas["ClientConfiguration"] = {
  userJourneyAnalyticsEnabled: false,
  skontoEnabled: true,
  returnAssistantEnabled: true,
  transactionDocsEnabled: false,
  qrCodeEducationEnabled: true,
  instantPaymentEnabled: false,
  eInvoiceEnabled: true,
  alreadyPaidHintEnabled: true,
  paymentDueHintEnabled: true,
  savePhotosLocallyEnabled: false,
  unsupportedQRCodeWarningEnabled: true,
  communicationTone: "FORMAL",
  ingredientBrandType: "INVISIBLE",
};

const defaultRequesterUri = "ginipay-sandbox://payment-requester";

interface StoredPaymentRequest {
  readonly id: string;
  readonly owner: string;
  readonly input: Schemas["PaymentRequestInput"];
  readonly createdAt: string;
  paid?: { readonly paidAt: string; readonly fields: Schemas["ResolvePaymentInput"] };
}

const stores = new WeakMap<SandboxState, Map<string, StoredPaymentRequest>>();
function paymentRequests(state: SandboxState) {
  let store = stores.get(state);
  if (!store) stores.set(state, (store = seeded(state)));
  return store;
}

/** The configured payment requests; a user named by email owns them once that user exists. */
function seeded(state: SandboxState) {
  const store = new Map<string, StoredPaymentRequest>();
  for (const { id, owner, createdAt, paidAt, ...input } of state.config.giniPay?.paymentRequests ?? []) {
    const userId = "userEmail" in owner ? state.users.byEmail(owner.userEmail)?.id : undefined;
    const key = "userEmail" in owner ? (userId ? ownerKey({ userId }) : `unknown:${owner.userEmail}`) : ownerKey(owner);
    const { sourceDocumentLocation: _source, paymentProvider: _provider, ...fields } = input;
    store.set(id.toLowerCase(), { id: id.toLowerCase(), owner: key, input, createdAt: createdAt ?? timestamp(state), ...(paidAt && { paid: { paidAt, fields } }) });
  }
  return store;
}

/** ISO 8601 local date-time without a zone, as Gini's examples write them. */
const timestamp = (state: SandboxState) => new Date(state.now()).toISOString().slice(0, 23);
const providersOf = (state: SandboxState) => state.config.giniPay?.paymentProviders ?? defaultPaymentProviders;
const requestUrl = (publicUrl: string, id: string) => `${publicUrl}/paymentRequests/${id}`;
const paymentRequestNotFound = () => apiError(404, "Payment request not found");

function provider(config: PaymentProviderConfig, publicUrl: string): Schemas["PaymentProvider"] {
  return { ...config, iconLocation: `${publicUrl}/paymentProviders/${config.id}/icon` };
}

function representation(stored: StoredPaymentRequest, { publicUrl, state }: Context): Schemas["PaymentRequest"] {
  const { sourceDocumentLocation, paymentProvider, ...input } = stored.input;
  const self = requestUrl(publicUrl, stored.id);
  return {
    ...input,
    ...stored.paid?.fields,
    paymentProvider,
    requesterUri: state.config.giniPay?.requesterUri ?? defaultRequesterUri,
    status: stored.paid ? "paid" : "open",
    createdAt: stored.createdAt,
    _links: {
      self,
      paymentProvider: `${publicUrl}/paymentProviders/${paymentProvider}`,
      ...(stored.paid && { payment: `${self}/payment` }),
      ...(sourceDocumentLocation && { sourceDocumentLocation }),
    },
  };
}

/** Runs a handler on the payment request named in the path, whoever asks. */
const withPaymentRequest =
  (handle: (stored: StoredPaymentRequest, context: Context, request: SandboxRequest) => ReturnType<Handler<DocumentOwner>>): Handler<DocumentOwner> =>
  (request, context) => {
    const stored = paymentRequests(context.state).get((context.pathParameters.paymentRequestId ?? "").toLowerCase());
    return stored ? handle(stored, context, request) : paymentRequestNotFound();
  };

const listPaymentRequests: Handler<DocumentOwner> = (request, context) => {
  const owner = ownerKey(context.principal);
  const offset = Number(request.query.get("offset") ?? 0);
  const limit = Number(request.query.get("limit") ?? 20);
  const own = [...paymentRequests(context.state).values()].filter((stored) => stored.owner === owner).reverse();
  return giniJson(200, own.slice(offset, offset + limit).map((stored) => representation(stored, context)));
};

const createPaymentRequest: Handler<DocumentOwner> = async (request, context) => {
  const { state, principal, publicUrl } = context;
  const input = (await request.parsedBody()) as Schemas["PaymentRequestInput"];
  if (!providersOf(state).some((candidate) => candidate.id === input.paymentProvider)) return apiError(400, "Unknown paymentProvider");
  if (input.sourceDocumentLocation !== undefined) {
    const documentId = documentIdOf(input.sourceDocumentLocation);
    if (!documentId || !state.documents.get(principal, documentId)) return apiError(400, "sourceDocumentLocation names no document of this user");
  }
  const id = randomId();
  paymentRequests(state).set(id, { id, owner: ownerKey(principal), input, createdAt: timestamp(state) });
  return emptyResponse(201, { location: requestUrl(publicUrl, id) });
};

/** Deletes all or none: the creator's requests only; the rest are named by reason. */
const deletePaymentRequests: Handler<DocumentOwner> = async (request, { state, principal }) => {
  const ids = ((await request.parsedBody()) as string[]).map((id) => id.toLowerCase());
  const store = paymentRequests(state);
  const owner = ownerKey(principal);
  const notFoundPaymentRequests = ids.filter((id) => !store.has(id));
  const unauthorizedPaymentRequests = ids.filter((id) => store.has(id) && store.get(id)!.owner !== owner);
  if (unauthorizedPaymentRequests.length > 0) return apiError(403, "Unauthorized access to payment request", {}, { unauthorizedPaymentRequests, notFoundPaymentRequests });
  if (notFoundPaymentRequests.length > 0) return apiError(404, "Payment request not found", {}, { notFoundPaymentRequests });
  for (const id of ids) store.delete(id);
  return emptyResponse(204);
};

const deletePaymentRequest = withPaymentRequest((stored, { state, principal }) => {
  if (stored.owner !== ownerKey(principal)) return apiError(403, "The deletion operation on the payment request is not authorized");
  paymentRequests(state).delete(stored.id);
  return emptyResponse(204);
});

const resolvePaymentRequest = withPaymentRequest(async (stored, context, request) => {
  if (stored.paid) return apiError(409, "Payment request is not open");
  stored.paid = { paidAt: timestamp(context.state), fields: (await request.parsedBody()) as Schemas["ResolvePaymentInput"] };
  const resolved = representation(stored, context);
  return giniJson(201, { ...resolved, requesterUri: resolved.requesterUri! } satisfies Schemas["ResolvedPaymentRequest"]);
});

const getPayment = withPaymentRequest((stored, { publicUrl }) => {
  if (!stored.paid) return apiError(404, "Payment request not paid yet");
  const self = requestUrl(publicUrl, stored.id);
  const { sourceDocumentLocation } = stored.input;
  return giniJson(200, {
    ...stored.paid.fields,
    paidAt: stored.paid.paidAt,
    _links: { self: `${self}/payment`, paymentRequest: self, ...(sourceDocumentLocation && { sourceDocumentLocation }) },
  } satisfies Schemas["Payment"]);
});

/** Runs a handler on the configured provider named in the path. */
const withProvider =
  (handle: (config: PaymentProviderConfig, context: Context) => ReturnType<Handler<DocumentOwner>>): Handler<DocumentOwner> =>
  (_request, context) => {
    const found = providersOf(context.state).find((candidate) => candidate.id === context.pathParameters.paymentProviderId);
    return found ? handle(found, context) : apiError(404, "Payment provider not found");
  };

/** The batch delete of Gini's Health SDKs: all or nothing; composites go before their partial documents. */
const deleteDocuments: Handler<DocumentOwner> = async (request, { state, principal }) => {
  const ids = ((await request.parsedBody()) as string[]).map((id) => id.toLowerCase());
  const notFoundDocuments = ids.filter((id) => !state.documents.get(principal, id));
  if (notFoundDocuments.length > 0) return apiError(404, "Documents not found", {}, { notFoundDocuments });
  const missingCompositeDocuments = ids.filter((id) => state.documents.compositesOf(principal, id).some((composite) => !ids.includes(composite)));
  if (missingCompositeDocuments.length > 0) return apiError(400, "Delete the composite documents first", {}, { missingCompositeDocuments });
  const compositesFirst = [...ids].sort((a, b) => Number(state.documents.get(principal, b)!.partialDocuments !== undefined) - Number(state.documents.get(principal, a)!.partialDocuments !== undefined));
  state.write(() => compositesFirst.forEach((id) => state.documents.delete(principal, id)));
  return emptyResponse(204);
};

const recorded: Handler<DocumentOwner> = () => emptyResponse(204);

export const giniPayHandlers: Record<string, Handler<DocumentOwner>> = {
  deleteDocuments,
  listPaymentRequests,
  createPaymentRequest,
  deletePaymentRequests,
  getPaymentRequest: withPaymentRequest((stored, context) => giniJson(200, representation(stored, context))),
  deletePaymentRequest,
  getPayment,
  resolvePaymentRequest,
  listPaymentProviders: (_request, { state, publicUrl }) => giniJson(200, providersOf(state).map((config) => provider(config, publicUrl))),
  getPaymentProvider: withProvider((config, { publicUrl }) => giniJson(200, provider(config, publicUrl))),
  getPaymentProviderIcon: withProvider((config) => bytesResponse(200, pngPixel(config.colors?.background ?? ""), "image/png")),
  getConfigurations: (_request, { state }) => giniJson(200, { ...defaultClientConfiguration, ...state.config.giniPay?.configuration }),
  logErrorEvent: recorded,
  sendAnalyticsEvents: recorded,
};
