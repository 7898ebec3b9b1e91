// npm run demo:serve (the last step of npm run demo): one local witness (npm run witness, quorum 1 of 1,
// docs/transparency.md) beside the app, which signs its checkpoints and has them cosigned. The witness
// keeps its key and state in data/demo-witness, beside the embedded database: deleting data/ starts both
// over (a witness kept while the log starts again would rightly see a fork). Stops both together.
import './load-env';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { verifierKey } from '@/shared/transparency/checkpoint-note';
import { privateKeyFromSeed, rawPublicKey } from '@/shared/transparency/ed25519-keys';
import { policyText } from '@/shared/transparency/policy';

const appPort = Number(process.env.PORT ?? 3000);
const witnessPort = appPort + 300;
const witnessDir = path.resolve('data/demo-witness');
const witnessName = 'witness.localhost/demo';
const seed = process.env.LOG_SIGNING_KEY;
if (!seed) {
  console.error('demo:serve: LOG_SIGNING_KEY is not set (npm run demo writes it to .env.local)');
  process.exit(2);
}
const origin = process.env.LOG_ORIGIN || 'consent-gateway.local/consent-log';
const logVkey = verifierKey(origin, rawPublicKey(privateKeyFromSeed(Buffer.from(seed, 'base64'))));

const children: ChildProcess[] = [];
let stopping = false;
function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const running = children.filter((c) => c.exitCode === null);
  void Promise.all(running.map((c) => new Promise((resolve) => c.once('exit', resolve)))).then(() => process.exit(code));
}
process.on('SIGTERM', () => stopAll(0));
process.on('SIGINT', () => stopAll(0));

mkdirSync(witnessDir, { recursive: true, mode: 0o700 });
const witness = spawn(
  process.execPath,
  ['--import', 'tsx', 'witness/main.ts', '--data-dir', witnessDir, '--name', witnessName, '--log', logVkey, '--port', String(witnessPort)],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } },
);
children.push(witness);
witness.once('exit', (code) => stopAll(code ?? 1));
const witnessVkey = await new Promise<string>((resolve) => {
  let seen = '';
  witness.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    seen += chunk.toString();
    const match = /listening on \S+ as (\S+)/.exec(seen);
    if (match) resolve(match[1]!);
  });
});

const policyFile = path.join(witnessDir, 'policy.txt');
writeFileSync(policyFile, policyText(logVkey, [{ vkey: witnessVkey, url: `http://127.0.0.1:${witnessPort}` }], 1));
console.log(
  `demo:serve: one local witness (npm run witness) on http://127.0.0.1:${witnessPort} cosigns the log's checkpoints; quorum 1 of 1 (policy in ${path.relative(process.cwd(), policyFile)}).`,
);

// This machine only unless HOST says otherwise: the README publishes the demo's passwords (0046).
const app = spawn(process.execPath, ['scripts/serve.mjs', '--hostname', process.env.HOST || '127.0.0.1'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_OPTIONS: '',
    AUTH_URL: process.env.AUTH_URL || `http://localhost:${appPort}`,
    WITNESS_POLICY_FILE: policyFile,
  },
});
children.push(app);
app.once('exit', (code) => stopAll(code ?? 1));
