/**
 * Where the server may connect to on an administrator's say-so (a unit's EPJ endpoint: base URL,
 * token URL, AMQP broker). One policy, checked when an endpoint is saved and again on every
 * connection, at the address the connection actually uses (resolve, check, connect to that
 * address), so a name that later resolves to an internal address (DNS rebinding) is refused too.
 *
 * Refused: loopback, link-local (169.254.0.0/16: cloud metadata services), private (RFC 1918),
 * carrier-grade NAT, unique-local (fc00::/7) and other non-public ranges; and plain http:// or
 * amqp:// in production. Hosts named in EPJ_ALLOWED_HOSTS are exempt (outside production the list
 * defaults to this machine, for the development EPJ).
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Config } from './config.ts';

export interface EgressPolicy {
  /** Production: only https:// and amqps://. */
  requireTls: boolean;
  /** Host names or literal addresses (lower case, IPv6 without brackets) exempt from the address check. */
  allowedHosts: ReadonlySet<string>;
}

/** The policy of a configuration. */
export function egressPolicyOf(config: Pick<Config, 'nodeEnv' | 'epjAllowedHosts'>): EgressPolicy {
  return { requireTls: config.nodeEnv === 'production', allowedHosts: new Set(config.epjAllowedHosts.map(normalHost)) };
}

/** Why a target was refused; the message names the URL part and the reason, never a secret. */
export class EgressRefused extends Error {}

function normalHost(h: string): string {
  return h.trim().toLowerCase().replace(/^\[|\]$/g, '');
}

const blocked = new net.BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net4, prefix, 'ipv4');
for (const [net6, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 (embeds IPv4)
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  blocked.addSubnet(net6, prefix, 'ipv6');

/** True for an address on the public internet (not loopback, link-local, private, unique-local, …). */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPublicAddress(mapped);
  return !blocked.check(address, 'ipv6');
}

/** Checks the text of a URL: scheme (TLS in production) and, for a literal address, the address. */
export function checkTargetUrl(policy: EgressPolicy, url: string, schemes: readonly string[]): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new EgressRefused('is not a URL');
  }
  const scheme = u.protocol.slice(0, -1);
  if (!schemes.includes(scheme)) throw new EgressRefused(`must start with ${schemes.map((s) => `${s}://`).join(' or ')}`);
  const host = normalHost(u.hostname);
  if (policy.requireTls && (scheme === 'http' || scheme === 'amqp')) throw new EgressRefused(`must use ${scheme}s:// in production (plain ${scheme}:// is refused)`);
  if (!host) throw new EgressRefused('has no host');
  if (net.isIP(host) && !policy.allowedHosts.has(host) && !isPublicAddress(host))
    throw new EgressRefused(`points at ${host}, an internal address (loopback, link-local, private or unique-local); such addresses are refused`);
  return u;
}

/**
 * Resolves a host name as a connection would, and refuses it if any address is not public. A name
 * that does not resolve (yet) passes: every connection checks again (`guardedLookup`).
 */
export async function checkResolvedHost(policy: EgressPolicy, hostname: string): Promise<void> {
  const host = normalHost(hostname);
  if (policy.allowedHosts.has(host) || net.isIP(host)) return;
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true });
  } catch {
    return;
  }
  const bad = addresses.find((a) => !isPublicAddress(a.address));
  if (bad) throw new EgressRefused(`names a host (${host}) that resolves to ${bad.address}, an internal address; such addresses are refused`);
}

/** The full check of a saved URL: its text, then what its host resolves to now. */
export async function checkTarget(policy: EgressPolicy, url: string, schemes: readonly string[]): Promise<void> {
  const u = checkTargetUrl(policy, url, schemes);
  await checkResolvedHost(policy, u.hostname);
}

/**
 * A `lookup` for net/tls/http connections: resolves, and fails the connection when the address it
 * would connect to is not public (unless the host is allowed). Node connects to exactly the
 * address this returns, so the check and the connection cannot disagree.
 */
export function guardedLookup(policy: EgressPolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    const host = normalHost(hostname);
    dns.lookup(host, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      if (!policy.allowedHosts.has(host)) {
        const bad = list.find((a) => !isPublicAddress(a.address));
        if (bad) return callback(new EgressRefused(`${host} resolves to ${bad.address}, an internal address; the connection was refused`), '', 0);
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Socket options for a connection to `url` under the policy (for amqplib's connect, which passes
 * them to net/tls.connect). A literal address is checked here: Node does not call `lookup` for one.
 */
export function guardedSocketOptions(policy: EgressPolicy, url: string, schemes: readonly string[]): { lookup: net.LookupFunction } {
  checkTargetUrl(policy, url, schemes);
  return { lookup: guardedLookup(policy) };
}

/**
 * POSTs through node:http(s) with the guarded lookup and answers a fetch Response. (The global
 * fetch takes no lookup of its own, so it cannot check the address it connects to.)
 */
export async function guardedPost(
  policy: EgressPolicy,
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Response> {
  const u = checkTargetUrl(policy, url, ['https', 'http']);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const req = lib.request(
      u,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guardedLookup(policy), signal: AbortSignal.timeout(timeoutMs) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) for (const x of Array.isArray(v) ? v : [v]) h.append(k, x);
          const status = res.statusCode ?? 502;
          resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers: h }));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
