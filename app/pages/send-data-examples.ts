/**
 * The commands an empty page teaches: assign a unit and send an event, as curl against this
 * server's own base URL, for one experiment's arms (or a placeholder experiment).
 */

export interface SendDataExamples {
  assign: string;
  events: string;
}

/** The base URL a reader's own curl reaches: the origin the page was requested on. */
export function baseUrlOf(request: Request): string {
  return new URL(request.url).origin;
}

/** Timestamps are the page's own time (the event three minutes after the assignment, neither in the future). */
export function sendDataExamples(
  baseUrl: string,
  now: Date,
  experiment: { key: string; variants: string[] } = { key: "my-experiment", variants: ["control"] },
): SendDataExamples {
  const variant = experiment.variants[0] ?? "control";
  const auth = `-H "Authorization: Bearer $NORTHSTAR_KEY"`;
  const assignment = { experiment: experiment.key, unit: "user-42", variant, timestamp: iso(now, -3) };
  const event = { id: "evt-1", unit: "user-42", name: "signup", timestamp: iso(now, 0) };
  return {
    assign: [
      `curl -X POST ${baseUrl}/api/v1/assignments ${auth} \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d '${JSON.stringify({ assignments: [assignment] })}'`,
    ].join("\n"),
    events: [
      `curl -X POST ${baseUrl}/api/v1/events ${auth} \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d '${JSON.stringify({ events: [event] })}'`,
    ].join("\n"),
  };
}

const iso = (now: Date, minutes: number) =>
  new Date(Math.floor(now.getTime() / 60_000) * 60_000 + minutes * 60_000).toISOString();
