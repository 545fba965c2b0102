// The Gini API's aggregate: documents per owner, with their partial/composite relations and
// their feedback. Anonymous users own documents by user ID; derived users are unique per
// client and identifier (docs/sandbox.md).
import type { DocumentTable, StoredDocument } from "./records.js";

export type DocumentOwner = { readonly userId: string } | { readonly clientId: string; readonly userIdentifier: string };

export const ownerKey = (owner: DocumentOwner) => ("userId" in owner ? `user:${owner.userId}` : `derived:${owner.clientId}:${owner.userIdentifier}`);

export class Documents {
  constructor(private readonly table: DocumentTable) {}

  get(owner: DocumentOwner, id: string): StoredDocument | undefined {
    return this.table.get(ownerKey(owner), id);
  }

  /** The owner's documents, newest first. */
  list(owner: DocumentOwner): StoredDocument[] {
    return this.table.list(ownerKey(owner));
  }

  count(owner: DocumentOwner): number {
    return this.table.count(ownerKey(owner));
  }

  /** The IDs of the owner's composite documents that include the document. */
  compositesOf(owner: DocumentOwner, id: string): string[] {
    return this.table.compositesOf(ownerKey(owner), id);
  }

  put(owner: DocumentOwner, document: StoredDocument) {
    this.table.insert(ownerKey(owner), document);
  }

  delete(owner: DocumentOwner, id: string) {
    this.table.delete(ownerKey(owner), id);
  }

  deleteAllOf(owner: DocumentOwner) {
    this.table.deleteOwner(ownerKey(owner));
  }

  setFeedback(owner: DocumentOwner, id: string, feedback: unknown) {
    this.table.setFeedback(ownerKey(owner), id, JSON.stringify(feedback));
  }

  feedback(owner: DocumentOwner, id: string): unknown {
    const stored = this.table.feedback(ownerKey(owner), id);
    return stored === undefined ? undefined : (JSON.parse(stored) as unknown);
  }
}
