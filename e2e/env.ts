import { verifierKey } from '../shared/transparency/checkpoint-note';
import { privateKeyFromSeed, rawPublicKey } from '../shared/transparency/ed25519-keys';

export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/consent_e2e';

/** The loopback LiveKit API that e2e/staff/livekit.spec.ts starts (tests/livekit-api-server.ts), and the app's settings for it. */
export const E2E_LIVEKIT = {
  port: Number(process.env.E2E_PORT ?? 3211) + 2,
  key: 'APIe2etest',
  secret: 'e2e-livekit-secret-e2e-livekit-secret-0123',
};

/** The app's checkpoint signing key in e2e runs (a fixed Ed25519 seed: its verifier key is what /.well-known publishes). */
export const E2E_LOG_SIGNING_KEY = 'ZTJlLWxvZy1zaWduaW5nLWtleS1zZWVkLTAwMDAwMDA=';

/** The app's GATEWAY_SECRET in e2e runs; the authorization matrix derives sign-in name keys (login throttle) with it. */
export const E2E_GATEWAY_SECRET = 'e2e-gateway-secret-e2e-gateway-secret-012345';

/** The app's AUTH_SECRET in e2e runs (playwright.config.ts); the authorization matrix issues session cookies with it. */
export const AUTH_SECRET = 'e2e-auth-secret-e2e-auth-secret-0123456789';

/**
 * The two witnesses the PostgreSQL app's checkpoints go to (quorum 2, docs/decisions/0056): separate
 * processes started by playwright.config.ts with fixed seeds, so their keys can be in the policy file
 * before they start.
 */
export const E2E_WITNESSES = [1, 2].map((n) => ({
  name: `witness-${n}.e2e.example`,
  seed: Buffer.alloc(32, `e2e-witness-${n}`).toString('base64'),
  port: Number(process.env.E2E_PORT ?? 3211) + 20 + n,
  dataDir: `.e2e/witness-${n}`,
}));

export const E2E_WITNESS_POLICY_FILE = '.e2e/witness-policy.txt';

/** The verifier key of E2E_LOG_SIGNING_KEY with the e2e origin: what the witnesses accept. */
export const E2E_LOG_VKEY = verifierKey(
  'e2e.consent-gateway/consent-log',
  rawPublicKey(privateKeyFromSeed(Buffer.from(E2E_LOG_SIGNING_KEY, 'base64'))),
);
