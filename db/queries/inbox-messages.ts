import { desc } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { inboxMessages } from "#db/schema";

export type InboxMessageRow = typeof inboxMessages.$inferSelect;

export async function insertInboxMessage(
  db: DbHandle,
  input: { messageId: string | null; body: string; verification: string; verified: boolean },
): Promise<void> {
  await db.db.insert(inboxMessages).values(input);
}

export function recentInboxMessages(db: DbHandle, limit: number): Promise<InboxMessageRow[]> {
  return db.db
    .select()
    .from(inboxMessages)
    .orderBy(desc(inboxMessages.receivedAt), desc(inboxMessages.id))
    .limit(limit);
}
