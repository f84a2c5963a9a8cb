import { desc, sql } from "drizzle-orm";
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

/** Keeps the newest `keep` messages: the inbox is a demo, not an archive, and must not grow without bound. */
export async function pruneInboxMessages(db: DbHandle, keep: number): Promise<void> {
  await db.rows(sql`
    delete from inbox_messages
     where id < (select coalesce(min(id), 0) from (select id from inbox_messages order by id desc limit ${keep}) newest)`);
}
