import { page } from "#app/pages/page.server";
import { receiveInboxMessage } from "#app/services/webhook-inbox.server";
import type { Route } from "./+types/alerts-inbox-receive";

/** The demo inbox's receiving end: a POST target for the demo webhook (404 outside demo mode). */
export const action = page("alerts-inbox-receive", async ({ request }: Route.ActionArgs, ctx) =>
  Response.json(await receiveInboxMessage(ctx.db, ctx.webhooks, request.headers, await request.text())),
);
