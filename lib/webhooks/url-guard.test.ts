import { describe, expect, it } from "vitest";
import { checkWebhookUrl, forbiddenAddressReason, type Lookup } from "./url-guard";

const publicDns: Lookup = async () => [{ address: "93.184.215.14", family: 4 }];

describe("the webhook SSRF guard refuses URLs that reach the server's own network", () => {
  // [url, fragment of the reason]; every one must be refused without NORTHSTAR_WEBHOOK_ALLOW_PRIVATE.
  const refused: Array<[string, string]> = [
    ["http://127.0.0.1/hook", "loopback"],
    ["http://127.1.2.3:8080/hook", "loopback"],
    ["http://2130706433/hook", "loopback"], // decimal 127.0.0.1
    ["http://0x7f000001/hook", "loopback"], // hex
    ["http://0x7f.0.0.1/hook", "loopback"],
    ["http://0177.0.0.1/hook", "loopback"], // octal
    ["http://017700000001/hook", "loopback"],
    ["http://127.1/hook", "loopback"], // short form
    ["http://[::1]/hook", "loopback"],
    ["http://[::ffff:127.0.0.1]/hook", "loopback"], // IPv4-mapped
    ["http://[::ffff:7f00:1]/hook", "loopback"],
    ["http://[0:0:0:0:0:ffff:a00:1]/hook", "private (10.0.0.0/8)"],
    ["http://10.0.0.1/hook", "private (10.0.0.0/8)"],
    ["http://172.16.0.1/hook", "private (172.16.0.0/12)"],
    ["http://172.31.255.255/hook", "private (172.16.0.0/12)"],
    ["http://192.168.1.1/hook", "private (192.168.0.0/16)"],
    ["http://169.254.169.254/latest/meta-data/", "metadata"],
    ["http://169.254.1.1/hook", "link-local"],
    ["http://100.64.0.1/hook", "carrier-grade NAT"],
    ["http://100.127.255.254/hook", "carrier-grade NAT"],
    ["http://0.0.0.0/hook", "'this network'"],
    ["http://0/hook", "'this network'"],
    ["http://224.0.0.1/hook", "multicast"],
    ["http://239.255.255.250/hook", "multicast"],
    ["http://240.0.0.1/hook", "reserved"],
    ["http://255.255.255.255/hook", "reserved"],
    ["http://[::]/hook", "unspecified"],
    ["http://[fc00::1]/hook", "unique local"],
    ["http://[fd12:3456::1]/hook", "unique local"],
    ["http://[fe80::1]/hook", "link-local"],
    ["http://[ff02::1]/hook", "multicast"],
    ["http://[64:ff9b::a00:1]/hook", "NAT64"],
    ["http://[64:ff9b::7f00:1]/hook", "NAT64"],
    ["http://[2002:7f00:1::]/hook", "6to4"],
    ["http://[::127.0.0.1]/hook", "IPv4-compatible"],
    ["ftp://example.com/hook", "http or https"],
    ["file:///etc/passwd", "http or https"],
    ["gopher://example.com/", "http or https"],
    ["not a url", "not a valid URL"],
  ];

  it.each(refused)("refuses %s (%s)", async (url, reason) => {
    await expect(checkWebhookUrl(url, { allowPrivate: false, lookup: publicDns })).rejects.toThrow(reason);
  });

  it("refuses a host name when any of its DNS answers is private, naming the host", async () => {
    const mixed: Lookup = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "10.1.2.3", family: 4 },
    ];
    await expect(
      checkWebhookUrl("https://hooks.example.com/x", { allowPrivate: false, lookup: mixed }),
    ).rejects.toThrow("host hooks.example.com resolves to 10.1.2.3 is private");
    const v6: Lookup = async () => [{ address: "::ffff:192.168.0.10", family: 6 }];
    await expect(
      checkWebhookUrl("https://h.example.com/x", { allowPrivate: false, lookup: v6 }),
    ).rejects.toThrow("192.168.0.10 is private");
  });

  it("refuses a host that does not resolve", async () => {
    const nx: Lookup = async () => {
      throw Object.assign(new Error("nx"), { code: "ENOTFOUND" });
    };
    await expect(
      checkWebhookUrl("https://nowhere.invalid/", { allowPrivate: false, lookup: nx }),
    ).rejects.toThrow("does not resolve (ENOTFOUND)");
  });

  it("accepts public addresses and returns the checked address to connect to", async () => {
    await expect(
      checkWebhookUrl("https://hooks.example.com/x", { allowPrivate: false, lookup: publicDns }),
    ).resolves.toMatchObject({
      address: "93.184.215.14",
      family: 4,
    });
    for (const url of [
      "http://8.8.8.8/",
      "http://172.32.0.1/",
      "http://100.128.0.1/",
      "https://[2606:4700::1111]/",
    ]) {
      await expect(checkWebhookUrl(url, { allowPrivate: false })).resolves.toBeTruthy();
    }
  });

  it("with allowPrivate passes loopback and private ranges but still refuses metadata, unspecified and multicast", async () => {
    for (const url of [
      "http://127.0.0.1:9/",
      "http://10.0.0.1/",
      "http://[::1]/",
      "http://[fd00::1]/",
      "http://169.254.1.1/",
    ]) {
      await expect(checkWebhookUrl(url, { allowPrivate: true })).resolves.toBeTruthy();
    }
    for (const url of [
      "http://169.254.169.254/",
      "http://0.0.0.0/",
      "http://224.0.0.1/",
      "http://[::ffff:169.254.169.254]/",
    ]) {
      await expect(checkWebhookUrl(url, { allowPrivate: true })).rejects.toThrow();
    }
  });

  it("classifies addresses directly, including mapped forms", () => {
    expect(forbiddenAddressReason("::ffff:10.0.0.1", false)).toContain("private");
    expect(forbiddenAddressReason("1.1.1.1", false)).toBeNull();
    expect(forbiddenAddressReason("2606:4700::1111", false)).toBeNull();
  });
});
