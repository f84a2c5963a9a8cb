import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * The SSRF guard for webhook URLs: a webhook makes the server send requests to an address a user
 * chose, so it must not reach the server's own network (loopback, private ranges, cloud metadata).
 * The URL is checked when a webhook is created and again before every attempt, and the request
 * then connects to the exact address that was checked (see `pinnedLookup`), so a DNS answer that
 * changes between check and connect (rebinding) cannot redirect it.
 */

interface Range {
  network: string;
  prefix: number;
  why: string;
  /** Allowed when NORTHSTAR_WEBHOOK_ALLOW_PRIVATE=true (tests, local demos). */
  private: boolean;
}

// IANA special-purpose registries (RFC 6890 and successors), by what a request to them would reach.
const V4: Range[] = [
  { network: "0.0.0.0", prefix: 8, why: "'this network' (0.0.0.0/8)", private: false },
  { network: "10.0.0.0", prefix: 8, why: "private (10.0.0.0/8)", private: true },
  { network: "100.64.0.0", prefix: 10, why: "carrier-grade NAT (100.64.0.0/10)", private: true },
  { network: "127.0.0.0", prefix: 8, why: "loopback (127.0.0.0/8)", private: true },
  {
    network: "169.254.169.254",
    prefix: 32,
    why: "the cloud metadata service (169.254.169.254)",
    private: false,
  },
  { network: "169.254.0.0", prefix: 16, why: "link-local (169.254.0.0/16)", private: true },
  { network: "172.16.0.0", prefix: 12, why: "private (172.16.0.0/12)", private: true },
  { network: "192.0.0.0", prefix: 24, why: "IETF protocol assignments (192.0.0.0/24)", private: false },
  { network: "192.0.2.0", prefix: 24, why: "documentation (192.0.2.0/24)", private: false },
  { network: "192.88.99.0", prefix: 24, why: "6to4 relay anycast (192.88.99.0/24)", private: false },
  { network: "192.168.0.0", prefix: 16, why: "private (192.168.0.0/16)", private: true },
  { network: "198.18.0.0", prefix: 15, why: "benchmarking (198.18.0.0/15)", private: true },
  { network: "198.51.100.0", prefix: 24, why: "documentation (198.51.100.0/24)", private: false },
  { network: "203.0.113.0", prefix: 24, why: "documentation (203.0.113.0/24)", private: false },
  { network: "224.0.0.0", prefix: 4, why: "multicast (224.0.0.0/4)", private: false },
  { network: "240.0.0.0", prefix: 4, why: "reserved (240.0.0.0/4, incl. broadcast)", private: false },
];

const V6: Range[] = [
  { network: "::", prefix: 128, why: "unspecified (::)", private: false },
  { network: "::1", prefix: 128, why: "loopback (::1)", private: true },
  { network: "::", prefix: 96, why: "IPv4-compatible (::/96, deprecated)", private: false },
  { network: "64:ff9b::", prefix: 96, why: "NAT64 (64:ff9b::/96)", private: false },
  { network: "64:ff9b:1::", prefix: 48, why: "local NAT64 (64:ff9b:1::/48)", private: false },
  { network: "100::", prefix: 64, why: "discard-only (100::/64)", private: false },
  { network: "2001::", prefix: 32, why: "Teredo (2001::/32)", private: false },
  { network: "2001:db8::", prefix: 32, why: "documentation (2001:db8::/32)", private: false },
  { network: "2002::", prefix: 16, why: "6to4 (2002::/16)", private: false },
  { network: "fc00::", prefix: 7, why: "unique local (fc00::/7)", private: true },
  { network: "fe80::", prefix: 10, why: "link-local (fe80::/10)", private: true },
  { network: "fec0::", prefix: 10, why: "site-local (fec0::/10, deprecated)", private: true },
  { network: "ff00::", prefix: 8, why: "multicast (ff00::/8)", private: false },
];

function blockListOf(ranges: Range[], family: "ipv4" | "ipv6"): Array<{ list: BlockList; range: Range }> {
  return ranges.map((range) => {
    const list = new BlockList();
    list.addSubnet(range.network, range.prefix, family);
    return { list, range };
  });
}

const V4_LISTS = blockListOf(V4, "ipv4");
const V6_LISTS = blockListOf(V6, "ipv6");

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), else null. */
function mappedV4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex?.[1] || !hex[2]) return null;
  const hi = Number.parseInt(hex[1], 16);
  const lo = Number.parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * Why a request must not go to `address` (an IP literal), or null when it may. With
 * `allowPrivate`, private, loopback, link-local and CGNAT addresses pass; unspecified, multicast,
 * reserved ranges and the metadata service never do.
 */
export function forbiddenAddressReason(address: string, allowPrivate: boolean): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (family === 6) {
    const v4 = mappedV4(address);
    if (v4) return forbiddenAddressReason(v4, allowPrivate);
  }
  const lists = family === 4 ? V4_LISTS : V6_LISTS;
  const hit = lists.find(({ list }) => list.check(address, family === 4 ? "ipv4" : "ipv6"));
  if (!hit || (allowPrivate && hit.range.private)) return null;
  return `${address} is ${hit.range.why}`;
}

export type Lookup = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface CheckedUrl {
  url: URL;
  /** The address the request must connect to: the one that was checked. */
  address: string;
  family: 4 | 6;
}

export class UnsafeUrlError extends Error {
  override readonly name = "UnsafeUrlError";
}

/**
 * Parses and checks a webhook URL: http or https only, and every address its host resolves to
 * must be allowed (one bad answer refuses the URL, since a resolver may hand out any of them).
 * Numeric IPv4 forms (decimal 2130706433, hex 0x7f.1, octal 0177.0.0.1) are normalised by the
 * WHATWG URL parser before the check. Throws UnsafeUrlError with the reason.
 */
export async function checkWebhookUrl(
  raw: string,
  options: { allowPrivate: boolean; lookup?: Lookup },
): Promise<CheckedUrl> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError("is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UnsafeUrlError(`must use http or https, not ${url.protocol.replace(/:$/, "")}`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let answers: Array<{ address: string; family: number }>;
  if (isIP(host)) {
    answers = [{ address: host, family: isIP(host) }];
  } else {
    try {
      answers = await (options.lookup ?? systemLookup)(host);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new UnsafeUrlError(`host ${host} does not resolve${code ? ` (${code})` : ""}`);
    }
  }
  if (answers.length === 0) throw new UnsafeUrlError(`host ${host} does not resolve`);
  for (const answer of answers) {
    const reason = forbiddenAddressReason(answer.address, options.allowPrivate);
    if (reason) {
      const via = answer.address === host ? "" : `host ${host} resolves to `;
      throw new UnsafeUrlError(`${via}${reason}, which webhooks may not reach`);
    }
  }
  const first = answers[0] as { address: string; family: number };
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
