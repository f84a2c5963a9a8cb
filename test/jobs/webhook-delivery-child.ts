/**
 * A delivery worker in its own process, for the crash test (test/jobs/webhook-crash.test.ts):
 * it delivers what is due in the database at argv[2] and is killed mid-delivery.
 */
import { openDatabase } from "#db/client";
import { deliverDueMessages } from "#jobs/webhook-delivery";
import { silentLogger } from "#lib/log";

const url = process.argv[2];
const key = process.argv[3];
if (!url || !key) throw new Error("usage: webhook-delivery-child <database url> <base64 key>");
const db = await openDatabase({ url, maxConnections: 2 });
process.stdout.write("ready\n");
await deliverDueMessages({
  db,
  log: silentLogger,
  settings: {
    secretKey: Buffer.from(key, "base64"),
    allowPrivate: true,
    inboxUrl: null,
    publicUrl: "http://northstar.test",
  },
});
await db.close();
