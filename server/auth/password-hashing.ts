import 'server-only';
import { hash, verify } from '@node-rs/argon2';

// Argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane). 2 = Algorithm.Argon2id,
// written out because the package's const enum does not survive isolated-module compilation.
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/**
 * Stored instead of a hash where no password may work: a member whose letter is on its way, or whose
 * sign-in an administrator blocked (docs/decisions/0042). It is no Argon2 hash, so nothing matches it;
 * the migration that voided old letters writes the same string.
 */
export const NO_PASSWORD = '!no-password';

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password. Without a stored hash (no such account) it still runs one verification, so
 * the response time does not tell whether an account exists.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  // A blocked account costs the same Argon2 work as any other, so timing does not tell it apart.
  if (storedHash === null || storedHash === NO_PASSWORD) {
    dummyHash ??= hashPassword('no account has this password');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
