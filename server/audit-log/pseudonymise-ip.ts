import 'server-only';
import { createHmac, hkdfSync } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { env } from '@/server/env';

let key: Buffer | undefined;

function pseudonymKey(): Buffer {
  key ??= Buffer.from(hkdfSync('sha256', env().GATEWAY_SECRET, 'consent-gateway', 'ip-pseudonym', 32));
  return key;
}

function networkPrefix(ip: string): string | null {
  const v4 = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(ip)) {
    const [head = '', tail = ''] = ip.split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
    return `${groups
      .slice(0, 3)
      .map((g) => g.padStart(4, '0'))
      .join(':')}::/48`;
  }
  return null;
}

/**
 * The only form in which an IP address is stored: the network (/24 or /48) keyed-hashed with a
 * gateway secret. Enough to see that attempts came from one network, useless to find a person
 * without the secret (docs/decisions/0007-ip-pseudonymisation.md).
 */
export function pseudonymiseIp(ip: string | null | undefined): string | undefined {
  const prefix = ip ? networkPrefix(ip.trim()) : null;
  if (!prefix) return undefined;
  return `net:${createHmac('sha256', pseudonymKey()).update(prefix).digest('hex').slice(0, 20)}`;
}
