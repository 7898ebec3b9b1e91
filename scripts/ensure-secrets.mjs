// Writes development secrets to .env.local when none are set, so the demo starts on a fresh
// machine. Production sets AUTH_SECRET, GATEWAY_SECRET and LOG_SIGNING_KEY itself (README, Configuration).
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const file = '.env.local';
const present = existsSync(file) ? readFileSync(file, 'utf8') : '';
// LOG_SIGNING_KEY is an Ed25519 private key seed (32 random bytes, base64): it signs the log's checkpoints.
const missing = ['AUTH_SECRET', 'GATEWAY_SECRET', 'LOG_SIGNING_KEY'].filter(
  (key) => !process.env[key] && !new RegExp(`^${key}=`, 'm').test(present),
);
if (missing.length) {
  const lines = missing.map((key) => `${key}=${randomBytes(32).toString(key === 'LOG_SIGNING_KEY' ? 'base64' : 'base64url')}`).join('\n');
  appendFileSync(
    file,
    `${present && !present.endsWith('\n') ? '\n' : ''}# generated for development by scripts/ensure-secrets.mjs\n${lines}\n`,
    { mode: 0o600 },
  );
  console.log(`Generated ${missing.join(', ')} in ${file}.`);
}

/** Appends lines to .env.local, on a line of their own. */
function append(text) {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  appendFileSync(file, `${current && !current.endsWith('\n') ? '\n' : ''}${text}\n`, { mode: 0o600 });
}
const defined = (key) => !!process.env[key] || new RegExp(`^${key}=`, 'm').test(existsSync(file) ? readFileSync(file, 'utf8') : '');

// The demo's print and mail system: `npm run letters:print` signs in to the print API with this token,
// which `npm run db:seed` registers as a print credential (docs/decisions/0042). Not the app's setting:
// in production the print system holds its credential, made by an administrator in /admin.
if (!defined('PRINT_API_TOKEN')) {
  append(
    `# the demo print system's credential (npm run letters:print; registered by npm run db:seed)\nPRINT_API_TOKEN=cgp_${randomBytes(32).toString('base64url')}${randomBytes(32).toString('base64url')}`,
  );
  console.log(`Generated PRINT_API_TOKEN in ${file}.`);
}
