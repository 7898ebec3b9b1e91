import { describe, expect, it } from 'vitest';
import { cameFromOwnPage, isSameOrigin } from '@/server/request/same-origin';

const on = (fields: Record<string, string>) => new Headers({ host: 'gateway.example', ...fields });

describe('a GET from one of our own pages (for reads that are logged)', () => {
  it('is what Sec-Fetch-Site says, when the browser sends it', () => {
    expect(cameFromOwnPage(on({ 'sec-fetch-site': 'same-origin' }))).toBe(true);
    for (const site of ['cross-site', 'same-site', 'none', 'same-origin, none'])
      expect(cameFromOwnPage(on({ 'sec-fetch-site': site })), site).toBe(false);
    // A Referer never overrides what the browser said about the request's origin.
    expect(cameFromOwnPage(on({ 'sec-fetch-site': 'cross-site', referer: 'https://gateway.example/compliance' }))).toBe(false);
  });

  it('without Fetch Metadata, needs a Referer on this host', () => {
    expect(cameFromOwnPage(on({ referer: 'https://gateway.example/compliance/log' }))).toBe(true);
    expect(cameFromOwnPage(on({ 'x-forwarded-host': 'public.example', referer: 'https://public.example/member/consents' }))).toBe(true);
    for (const referer of ['https://evil.example/gateway.example', 'https://gateway.example.evil.example/', 'not a url', '']) {
      expect(cameFromOwnPage(on({ referer })), referer).toBe(false);
    }
    expect(cameFromOwnPage(on({}))).toBe(false);
  });
});

describe('a POST from our own origin (route handlers that change state)', () => {
  it('compares the Origin with the host, and otherwise trusts only a same-origin fetch', () => {
    expect(isSameOrigin(on({ origin: 'https://gateway.example' }))).toBe(true);
    expect(isSameOrigin(on({ origin: 'https://evil.example' }))).toBe(false);
    expect(isSameOrigin(on({ origin: 'null' }))).toBe(false);
    expect(isSameOrigin(on({ 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(isSameOrigin(on({ 'sec-fetch-site': 'same-origin' }))).toBe(true);
  });
});
