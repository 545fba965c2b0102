// The auth flows the index page explains, each with the operations ("<api> <operationId>", in
// order) and the Arazzo workflow it uses.
// Sources: seeds 000 and 001 (Gini), seed 002 (Innodata); see the descriptions' own texts.
export const authGuides = [
  {
    id: "anonymous-user",
    title: "Anonymous user (untrusted device)",
    text: [
      "An app on a device the backend does not trust gets its own Gini account without the user noticing: the app or its backend obtains a client token with the client credentials, creates a user with a random <code>&lt;uuid&gt;@&lt;your domain&gt;</code> email and a random password, logs that user in with the password grant and calls the Gini API with the user's access token (flow 4 of seed 001).",
      "Access tokens expire after about an hour: log in again. A login answered with <code>400 invalid_grant</code> means the stored user is gone; create a new one once.",
    ],
    operations: [
      "user-center getClientToken",
      "user-center createUser",
      "user-center requestToken",
      "gini-api listDocuments",
      "gini-api createDocument",
    ],
    workflow: { file: "gini-api/anonymous-user.arazzo.yaml", workflowId: "anonymousUserListsDocuments" },
  },
  {
    id: "derived-user",
    title: "Derived user (trusted backend)",
    text: [
      "A backend that keeps the client credentials secret acts for its own users directly: every Gini API request carries HTTP Basic with the client ID and secret and names the user in <code>X-User-Identifier</code>, a value unique per user that never changes for that user (usually a stable hash of your user ID). Gini creates the derived user on first use; no User Center call is needed (flow 1 of seed 001). The scheme must be enabled for your client by Gini.",
    ],
    operations: [
      "gini-api listDocuments",
      "gini-api createDocument",
      "gini-api getDocument",
      "gini-api getExtractions",
      "gini-api sendExtractionFeedback",
      "gini-api deleteDocument",
    ],
    workflow: { file: "gini-api/derived-user.arazzo.yaml", workflowId: "derivedUserDocumentLifecycle" },
  },
  {
    id: "untrusted-device-token",
    title: "Token for an untrusted device",
    text: [
      "Client credentials must never reach a device the backend does not control. For such a device the backend obtains an access token and hands over only the token, which the device sends as <code>Authorization: Bearer …</code> (flows 2 and 3 of seed 001). No public endpoint issues a token for a derived user, so the backend runs the anonymous-user flow server-side (client token, create user, password grant) and passes the resulting access token to the device, or proxies the device's calls with Basic and <code>X-User-Identifier</code> itself.",
    ],
    operations: [
      "user-center getClientToken",
      "user-center createUser",
      "user-center requestToken",
      "gini-api getDocument",
      "gini-api getExtractions",
    ],
    workflow: { file: "gini-api/anonymous-user.arazzo.yaml", workflowId: "anonymousUserListsDocuments" },
  },
  {
    id: "innodata-keys",
    title: "Innodata API keys",
    text: [
      "A client registers a user or logs one in once, stores the returned live and test keys, and authenticates every further call with a key sent as the HTTP Basic <strong>username</strong> with an <strong>empty password</strong>: <code>Authorization: Basic base64(&lt;key&gt;:)</code> (seed 002; its prose says <code>Authentication</code>, the header is <code>Authorization</code>). Live keys are for production; data sent with a test key is removed regularly.",
    ],
    operations: [
      "innodata createUser",
      "innodata loginUser",
      "innodata getCurrentUser",
    ],
    workflow: { file: "innodata/innodata-keys.arazzo.yaml", workflowId: "createLoginAndLookUpUser" },
  },
];
