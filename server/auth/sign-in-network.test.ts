import { describe, expect, it } from 'vitest';
import { UNKNOWN_NETWORK, signInNetwork } from './sign-in-network';

const from = (headers: Record<string, string>) => signInNetwork(new Headers(headers));

describe('the network a sign-in attempt counts against', () => {
  it('is the pseudonym of the address the gateway server decided, per /24', () => {
    expect(from({ 'x-forwarded-for': '198.51.100.7' })).toMatch(/^net:[0-9a-f]{20}$/);
    expect(from({ 'x-forwarded-for': '198.51.100.7' })).toBe(from({ 'x-forwarded-for': '198.51.100.200' }));
    expect(from({ 'x-forwarded-for': '198.51.100.7' })).not.toBe(from({ 'x-forwarded-for': '198.51.101.7' }));
  });

  it('is one shared bucket when the address is missing or no address: a malformed header never escapes the limit', () => {
    expect(from({})).toBe(UNKNOWN_NETWORK);
    expect(from({ 'x-forwarded-for': 'unknown' })).toBe(UNKNOWN_NETWORK);
    expect(from({ 'x-forwarded-for': '198.51.100.7, <script>' })).toBe(UNKNOWN_NETWORK);
    // X-Real-IP is the client's to set: never read.
    expect(from({ 'x-real-ip': '198.51.100.7' })).toBe(UNKNOWN_NETWORK);
  });
});
