import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { renderSlack, renderStandard, withPublicLinks } from "./webhook-render";

describe("Standard Webhooks signing", () => {
  it("reproduces the specification's known-answer example", () => {
    // standard-webhooks spec, "Signature scheme" example: secret, id, timestamp 1614265330 and body → signature.
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const signed = new Webhook(secret).sign(
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      new Date(1614265330 * 1000),
      '{"test": 2432232314}',
    );
    expect(signed).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("signs the exact body with the attempt's timestamp, and the package verifies it", () => {
    const secret = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
    const sentAt = new Date();
    const message = {
      id: "msg_abc",
      type: "webhook.test" as const,
      data: { webhook: { id: "w" }, message: "hi" },
      createdAt: new Date("2026-11-26T10:00:00Z"),
    };
    const { body, headers } = renderStandard(message, secret, sentAt);
    expect(JSON.parse(body)).toEqual({
      type: "webhook.test",
      timestamp: "2026-11-26T10:00:00.000Z",
      data: message.data,
    });
    expect(headers["webhook-id"]).toBe("msg_abc");
    expect(headers["webhook-timestamp"]).toBe(String(Math.floor(sentAt.getTime() / 1000)));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace("hi", "ho"), headers)).toThrow();
  });
});

describe("Slack payloads", () => {
  it("escape Slack's control characters in user-chosen names", () => {
    const { body } = renderSlack({
      id: "msg_1",
      type: "alert.resolved",
      createdAt: new Date(),
      data: {
        rule: { id: "1", name: "<!channel> & co" },
        kind: "drift",
        target: { type: "model", key: "m", label: "m v2" },
        state: "resolved",
        value: 0.12345,
        threshold: 0.3,
        startsAt: "2026-11-26T09:00:00.000Z",
        endsAt: "2026-11-26T10:00:00.000Z",
        url: "http://localhost:3000/models/m",
      },
    });
    const parsed = JSON.parse(body);
    expect(parsed.text).toContain("Resolved: &lt;!channel&gt; &amp; co — m v2");
    expect(parsed.text).toContain("value 0.1235, threshold 0.3");
    expect(JSON.stringify(parsed.blocks)).toContain("*Resolved at:* 2026-11-26T10:00:00.000Z");
  });
});

describe("links in messages", () => {
  it("turn the job's dashboard path into a link under the public URL", () => {
    const data = { url: "/experiments/job-ranker-v2", state: "firing" };
    expect(withPublicLinks(data, "https://northstar.example.com")).toEqual({
      url: "https://northstar.example.com/experiments/job-ranker-v2",
      state: "firing",
    });
  });

  it("leave absolute links and messages without a link alone", () => {
    expect(withPublicLinks({ url: "https://elsewhere.example/x" }, "https://n.example")).toEqual({
      url: "https://elsewhere.example/x",
    });
    expect(withPublicLinks({ message: "hello" }, "https://n.example")).toEqual({ message: "hello" });
  });
});
