import 'server-only';
import { pseudonymiseIp } from '@/server/audit-log/pseudonymise-ip';
import { clientIpFrom } from '@/server/request/client-ip';

/** Where attempts whose address is missing or no address at all are counted: together, never not at all. */
export const UNKNOWN_NETWORK = 'net:unknown';

/** The network a sign-in attempt counts against: its pseudonym, or one shared bucket (0046). */
export function signInNetwork(headers: Headers): string {
  return pseudonymiseIp(clientIpFrom(headers)) ?? UNKNOWN_NETWORK;
}
