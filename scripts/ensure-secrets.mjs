// Writes development secrets to .env.local when none are set, so the demo starts on a fresh
// machine. Production sets AUTH_SECRET, GATEWAY_SECRET and LOG_SIGNING_KEY itself (README, Configuration).
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const file = '.env.local';
const present = existsSync(file) ? readFileSync(file, 'utf8') : '';
// LOG_SIGNING_KEY is an Ed25519 private key seed (32 random bytes, base64): it signs the log's checkpoints.
const missing = ['AUTH_SECRET', 'GATEWAY_SECRET', 'LOG_SIGNING_KEY'].filter((key) => !process.env[key] && !new RegExp(`^${key}=`, 'm').test(present));
if (missing.length) {
  const lines = missing.map((key) => `${key}=${randomBytes(32).toString(key === 'LOG_SIGNING_KEY' ? 'base64' : 'base64url')}`).join('\n');
  appendFileSync(file, `${present && !present.endsWith('\n') ? '\n' : ''}# generated for development by scripts/ensure-secrets.mjs\n${lines}\n`, { mode: 0o600 });
  console.log(`Generated ${missing.join(', ')} in ${file}.`);
}
