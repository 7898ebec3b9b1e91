import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { applyTrustedForwarding, clientAddress, parseTrustedProxies } from './trusted-forwarding.mjs';

const none = parseTrustedProxies(undefined);
const oneHop = parseTrustedProxies('1');
const twoHops = parseTrustedProxies('2');
const balancers = parseTrustedProxies('10.0.0.0/8, 2001:db8::/32, 192.168.1.7');

describe('TRUSTED_PROXIES', () => {
  it('reads nothing, a number of hops, or addresses and CIDR ranges', () => {
    expect(parseTrustedProxies('').kind).toBe('none');
    expect(parseTrustedProxies(' 0 ').kind).toBe('none');
    expect(twoHops).toEqual({ kind: 'hops', count: 2 });
    expect(balancers.kind).toBe('list');
  });

  it('refuses what it cannot read, so a typo never trusts a header', () => {
    for (const bad of ['yes', '10.0.0.0/33', '::1/129', '10.0.0/8', 'loopback', '1.2.3.4/8/1', '11', '10.0.0.0/-1', '10.0.0.0/']) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(/TRUSTED_PROXIES/);
    }
  });
});

describe('the client address', () => {
  it('is the TCP peer when no proxy is trusted, whatever the request claims', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', none)).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', undefined, none)).toBe('203.0.113.9');
  });

  it('is the entry the nearest proxies appended, counting hops', () => {
    // A client's own X-Forwarded-For stays on the left, where no trusted hop vouches for it.
    expect(clientAddress('10.0.0.2', '6.6.6.6, 198.51.100.1', oneHop)).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.2', '6.6.6.6, 198.51.100.1, 10.0.0.3', twoHops)).toBe('198.51.100.1');
    // Fewer entries than proxies: the farthest address there is.
    expect(clientAddress('10.0.0.2', undefined, oneHop)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '198.51.100.1', twoHops)).toBe('198.51.100.1');
  });

  it('is the first hop from the right that is not a trusted proxy, by address', () => {
    expect(clientAddress('10.1.2.3', '6.6.6.6, 198.51.100.1, 192.168.1.7', balancers)).toBe('198.51.100.1');
    // Every hop a trusted proxy: the farthest one.
    expect(clientAddress('10.1.2.3', '2001:db8::5', balancers)).toBe('2001:db8::5');
    expect(clientAddress('10.1.2.3', '2001:db9::5, 2001:db8::5', balancers)).toBe('2001:db9::5');
    // A peer that is no trusted proxy is the client, whatever it forwards.
    expect(clientAddress('203.0.113.9', '198.51.100.1', balancers)).toBe('203.0.113.9');
  });

  it('is never missing: an entry that is no address yields the nearest address a trusted proxy vouched for', () => {
    expect(clientAddress('10.0.0.2', 'unknown', oneHop)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '198.51.100.1, garbage', twoHops)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '198.51.100.1:443', oneHop)).toBe('10.0.0.2');
    expect(clientAddress('10.1.2.3', '6.6.6.6, <script>, 192.168.1.7', balancers)).toBe('192.168.1.7');
    expect(clientAddress('10.1.2.3', ' , ,', balancers)).toBe('10.1.2.3');
  });
});

function request(peer: string, headers: Record<string, string | string[]>): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: { ...headers } } as unknown as IncomingMessage;
}

describe('the headers Next sees', () => {
  it('carry one X-Forwarded-For entry and no X-Real-IP; forwarded host and scheme only from a trusted proxy', () => {
    const direct = request('::ffff:203.0.113.9', {
      'x-forwarded-for': '198.51.100.1',
      'x-real-ip': '198.51.100.2',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    });
    applyTrustedForwarding(direct, balancers);
    expect(direct.headers).toEqual({ 'x-forwarded-for': '203.0.113.9' });

    const proxied = request('10.0.0.2', {
      'x-forwarded-for': ['6.6.6.6', '198.51.100.1'],
      'x-forwarded-host': 'gateway.example',
      'x-forwarded-proto': 'https',
    });
    applyTrustedForwarding(proxied, balancers);
    expect(proxied.headers).toEqual({
      'x-forwarded-for': '198.51.100.1',
      'x-forwarded-host': 'gateway.example',
      'x-forwarded-proto': 'https',
    });
  });
});
