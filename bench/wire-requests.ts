import { anonymousBenchSession } from "./anonymous-bench-session.js";
import type { Row } from "./table.js";

const authOperations = ["getClientToken", "createUser", "requestToken"] as const;

/** Requests on the wire for the moments that matter, counted by the fake server. */
export async function wireRequestRows(): Promise<Row[]> {
  const rows: Row[] = [];
  const { fake, server, session, clock } = await anonymousBenchSession();
  const listDocuments = () => session.api.GET("/documents", {});
  const authRequests = () => authOperations.reduce((sum, operation) => sum + fake.count(operation), 0);
  try {
    await listDocuments();
    rows.push({ measure: "first anonymous call: auth requests + API requests", result: `${authRequests()} + ${fake.count("api")}`, goal: "3 + 1 (optimal)" });

    const before = fake.requests.length;
    await listDocuments();
    rows.push({ measure: "warm call: extra requests", result: String(fake.requests.length - before - 1), goal: "0" });

    const logins = fake.count("requestToken");
    clock.advance(3600);
    const afterExpiry = await Promise.all(Array.from({ length: 100 }, listDocuments));
    rows.push({
      measure: "100 concurrent calls across an expiry: logins, failed calls",
      result: `${fake.count("requestToken") - logins}, ${afterExpiry.filter(({ response }) => !response.ok).length}`,
      goal: "1, 0",
    });

    const loginsBeforeRevocation = fake.count("requestToken");
    fake.revokeTokens();
    const afterRevocation = await Promise.all(Array.from({ length: 100 }, listDocuments));
    rows.push({
      measure: "100 concurrent calls across a revocation (all get 401): logins, failed calls",
      result: `${fake.count("requestToken") - loginsBeforeRevocation}, ${afterRevocation.filter(({ response }) => !response.ok).length}`,
      goal: "1, 0",
    });
  } finally {
    await server.close();
  }

  const cold = await anonymousBenchSession();
  try {
    const results = await Promise.all(Array.from({ length: 100 }, () => cold.session.api.GET("/documents", {})));
    rows.push({
      measure: "100 concurrent first calls: users created, client tokens, logins, failed calls",
      result: `${cold.fake.count("createUser")}, ${cold.fake.count("getClientToken")}, ${cold.fake.count("requestToken")}, ${results.filter(({ response }) => !response.ok).length}`,
      goal: "1, 1, 1, 0",
    });
  } finally {
    await cold.server.close();
  }
  return rows;
}
