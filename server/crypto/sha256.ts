import 'server-only';
import { createHash, hash } from 'node:crypto';

/** SHA-256 as hex. One part goes through the one-shot `crypto.hash`, several through a Hash object. */
export function sha256Hex(...parts: (string | Uint8Array)[]): string {
  if (parts.length === 1) return hash('sha256', parts[0]!, 'hex');
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest('hex');
}
