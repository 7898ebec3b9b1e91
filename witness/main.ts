// npm run witness -- --data-dir DIR --name NAME --log VKEY [--log VKEY …] [--port 3300] [--host 127.0.0.1]
// A transparency log witness a second party runs (docs/transparency.md): its own process, its own key and
// its own storage, never the gateway's database. Settings may also come from WITNESS_* variables.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SIGNATURE_TYPE } from '@/shared/transparency/signed-note';
import { parseVerifierKey } from '@/shared/transparency/checkpoint-note';
import { openCheckpointState } from '@/witness/checkpoint-state';
import { createWitnessServer } from '@/witness/witness-server';
import { generateSeed, witnessKey } from '@/witness/witness-key';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    name: { type: 'string' },
    'key-file': { type: 'string' },
    log: { type: 'string', multiple: true },
    port: { type: 'string' },
    host: { type: 'string' },
    rate: { type: 'string' },
    'print-vkey': { type: 'boolean' },
  },
});

const ZSettings = z.object({
  dataDir: z.string({ error: 'set --data-dir (or WITNESS_DATA_DIR): where the witness keeps its state' }).min(1),
  name: z
    .string({ error: 'set --name (or WITNESS_NAME): the key name, e.g. witness.example.org/w1' })
    .regex(/^[^\s+]+$/, 'the name must contain no spaces and no "+"'),
  keyFile: z.string().optional(),
  logs: z.array(z.string()).min(1, 'set at least one --log VKEY (or WITNESS_LOGS): the verifier keys of the logs to witness'),
  port: z.coerce.number().int().min(0).max(65535).default(3300),
  host: z.string().default('127.0.0.1'),
  rate: z.coerce.number().positive().max(10_000).default(20),
});

const parsed = ZSettings.safeParse({
  dataDir: values['data-dir'] ?? process.env.WITNESS_DATA_DIR,
  name: values.name ?? process.env.WITNESS_NAME,
  keyFile: values['key-file'] ?? process.env.WITNESS_KEY_FILE,
  logs: values.log ?? process.env.WITNESS_LOGS?.split(/\s+/).filter(Boolean) ?? [],
  port: values.port ?? process.env.WITNESS_PORT,
  host: values.host ?? process.env.WITNESS_HOST,
  rate: values.rate ?? process.env.WITNESS_RATE,
});
if (!parsed.success) {
  console.error(`witness: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  process.exit(2);
}
const settings = parsed.data;

const logs = new Map<string, string[]>();
for (const vkey of settings.logs) {
  const key = parseVerifierKey(vkey);
  if (!key) {
    console.error(`witness: not an Ed25519 log verifier key (type 0x0${SIGNATURE_TYPE.ed25519}): ${vkey}`);
    process.exit(2);
  }
  logs.set(key.name, [...(logs.get(key.name) ?? []), vkey]);
}

const keyFile = settings.keyFile ?? join(settings.dataDir, 'witness.key');
const state = openCheckpointState(settings.dataDir);
// WITNESS_SIGNING_KEY (a seed in base64) is for test setups with fixed keys; an operator keeps the key file.
const seed = process.env.WITNESS_SIGNING_KEY || undefined;
if (!seed && !existsSync(keyFile)) {
  writeFileSync(keyFile, `${generateSeed()}\n`, { mode: 0o600, flag: 'wx' });
  console.log(`witness: made a new key in ${keyFile}`);
}
const key = witnessKey(settings.name, seed ?? readFileSync(keyFile, 'utf8').trim());
if (values['print-vkey']) {
  console.log(key.vkey);
  state.close();
  process.exit(0);
}

const evidenceFile = join(settings.dataDir, 'evidence.jsonl');
const server = createWitnessServer({
  cosigner: key.cosigner,
  vkey: key.vkey,
  logs,
  state,
  now: () => new Date(),
  ratePerSecond: settings.rate,
  log: (line) => console.log(`witness: ${line}`),
  onEvidence: (evidence) => {
    // Kept for the log's auditors: a signed checkpoint that is not consistent with what was cosigned.
    appendFileSync(evidenceFile, `${JSON.stringify({ at: new Date().toISOString(), ...evidence })}\n`, { mode: 0o600 });
    console.log(`witness: ALARM ${evidence.origin}: ${evidence.reason} from size ${evidence.oldSize}; request kept in ${evidenceFile}`);
  },
});

server.keepAliveTimeout = 65_000;
server.listen(settings.port, settings.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  console.log(`witness: listening on http://${settings.host}:${port} as ${key.vkey}`);
});

function stop(): void {
  server.close(() => {
    state.close();
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
