// @ts-check
// Which address a request comes from, decided once where the TCP peer is still known (docs/decisions/0046):
// the peer itself, or, through the proxies the operator trusts (TRUSTED_PROXIES), the address the
// nearest untrusted hop was seen at. The app's routes then read exactly one X-Forwarded-For entry.
import { BlockList, isIP } from 'node:net';

/** @typedef {{ kind: 'none' } | { kind: 'hops', count: number } | { kind: 'list', list: BlockList, text: string }} TTrustedProxies */

const MAX_HOPS = 10;

/**
 * TRUSTED_PROXIES: empty for none (the app is reached directly), a number of proxies in front of the
 * app (1 for one balancer), or a comma-separated list of addresses and CIDR ranges of the proxies.
 * Anything else is refused at start, so a typo never trusts a client's header.
 * @param {string | undefined} value
 * @returns {TTrustedProxies}
 */
export function parseTrustedProxies(value) {
  const text = (value ?? '').trim();
  if (!text) return { kind: 'none' };
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count < 0 || count > MAX_HOPS) throw new Error(`TRUSTED_PROXIES: a number of proxies from 0 to ${MAX_HOPS}, not ${text}`);
    return count === 0 ? { kind: 'none' } : { kind: 'hops', count };
  }
  const list = new BlockList();
  for (const raw of text.split(',')) {
    const item = raw.trim();
    const [address, prefix, ...rest] = item.split('/');
    const family = isIP(address ?? '');
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (
      !family ||
      rest.length ||
      (prefix !== undefined && !/^\d+$/.test(prefix)) ||
      !Number.isInteger(bits) ||
      bits < 0 ||
      bits > (family === 6 ? 128 : 32)
    ) {
      throw new Error(`TRUSTED_PROXIES: "${item}" is neither an IP address nor a CIDR range (e.g. 10.0.0.0/8)`);
    }
    list.addSubnet(/** @type {string} */ (address), bits, family === 6 ? 'ipv6' : 'ipv4');
  }
  return { kind: 'list', list, text };
}

/**
 * An address as one form: IPv4 seen through an IPv6 socket (::ffff:192.0.2.1) as IPv4. Null when it is
 * no address at all.
 * @param {string | undefined} raw
 * @returns {string | null}
 */
export function normalisedAddress(raw) {
  const value = (raw ?? '').trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  const address = mapped ? /** @type {string} */ (mapped[1]) : value;
  return isIP(address) ? address : null;
}

/**
 * @param {TTrustedProxies} trusted
 * @param {string} address a valid address
 */
function isTrusted(trusted, address) {
  if (trusted.kind !== 'list') return false;
  return trusted.list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: the peer when no proxy is trusted; else, walking from the peer leftwards through
 * X-Forwarded-For, the first hop not trusted. An entry that is no address (or a chain shorter than the
 * proxies) yields the nearest address a trusted proxy vouched for: a malformed header never leaves a
 * request without an address, so it never escapes a limit per network.
 * @param {string} peer the TCP peer, normalised
 * @param {string | undefined} forwardedFor every X-Forwarded-For value, joined by commas
 * @param {TTrustedProxies} trusted
 * @returns {string}
 */
export function clientAddress(peer, forwardedFor, trusted) {
  if (trusted.kind === 'none') return peer;
  const hops = [
    ...(forwardedFor ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    peer,
  ];
  if (trusted.kind === 'hops') {
    // The nearest `count` hops are proxies; the one before them is the client.
    for (let i = hops.length - 1, passed = 0; i >= 0; i--, passed++) {
      const address = normalisedAddress(hops[i]);
      if (!address) return normalisedAddress(hops[i + 1]) ?? peer;
      if (passed === trusted.count || i === 0) return address;
    }
    return peer;
  }
  let vouched = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const address = normalisedAddress(hops[i]);
    if (!address) return vouched;
    if (!isTrusted(trusted, address) || i === 0) return address;
    vouched = address;
  }
  return vouched;
}

/**
 * Rewrites a request's forwarding headers before Next sees them: X-Forwarded-For becomes the client's
 * address alone, X-Real-IP is dropped, and X-Forwarded-Host and -Proto are kept only from a trusted proxy
 * (Next fills them in from the request otherwise).
 * @param {import('node:http').IncomingMessage} request
 * @param {TTrustedProxies} trusted
 */
export function applyTrustedForwarding(request, trusted) {
  const peer = normalisedAddress(request.socket.remoteAddress) ?? '0.0.0.0';
  const headers = request.headers;
  const forwardedFor = headers['x-forwarded-for'];
  const joined = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const fromProxy = trusted.kind === 'hops' || (trusted.kind === 'list' && isTrusted(trusted, peer));
  headers['x-forwarded-for'] = clientAddress(peer, joined, trusted);
  delete headers['x-real-ip'];
  if (!fromProxy) {
    delete headers['x-forwarded-host'];
    delete headers['x-forwarded-proto'];
    delete headers['x-forwarded-port'];
  }
}
