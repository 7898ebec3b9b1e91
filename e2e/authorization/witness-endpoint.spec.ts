import { expect, test } from '@playwright/test';
import { memoryLog } from '@/tests/memory-log';
import { type TWitnessProcess, startWitness } from '@/tests/witness-process';

// The witness's endpoints in the authorization matrix (docs/decisions/0033, 0056). tlog-witness has no
// accounts: what a request may do depends only on whose key signed the checkpoint it carries. So the
// "actors" here are the signer of the checkpoint and what else the request brings (a gateway session
// cookie, an Authorization header): those make no difference, and no answer sets a cookie.
const log = memoryLog('matrix.example/log');
const impostor = memoryLog('matrix.example/log');
const stranger = memoryLog('elsewhere.example/log');

type TAsker = { name: string; headers: Record<string, string> };
const ASKERS: TAsker[] = [
  { name: 'anonymous', headers: {} },
  { name: 'with a gateway session cookie', headers: { cookie: '__Host-consent-session=forged; authjs.session-token=forged' } },
  { name: 'with a bearer credential', headers: { authorization: 'Bearer cgp_forged' } },
];

let witness: TWitnessProcess;
test.beforeAll(async () => {
  witness = await startWitness({ name: 'witness.matrix.example', logs: [log.vkey], rate: 10_000 });
});
test.afterAll(async () => {
  // Undefined when the witness did not start: the failure to start is the finding.
  await (witness as TWitnessProcess | undefined)?.stop();
});

type TRow = { label: string; method: string; path: string; body?: () => Promise<string>; expected: number };

/** The size the witness last cosigned: each valid submission grows the log and comes from there. */
let cosigned = 0;
const nextCheckpoint = async () => {
  log.append(1);
  const body = await log.request(cosigned);
  cosigned = log.leaves.length;
  return body;
};

const ROWS: TRow[] = [
  { label: 'its public key', method: 'GET', path: '/', expected: 200 },
  { label: 'a checkpoint signed by the log it witnesses', method: 'POST', path: '/add-checkpoint', body: nextCheckpoint, expected: 200 },
  {
    label: 'the same origin signed by another key',
    method: 'POST',
    path: '/add-checkpoint',
    body: () => impostor.request(0),
    expected: 403,
  },
  { label: 'a log it does not witness', method: 'POST', path: '/add-checkpoint', body: () => stranger.request(0), expected: 404 },
  { label: 'add-checkpoint read', method: 'GET', path: '/add-checkpoint', expected: 405 },
  { label: 'add-checkpoint replaced', method: 'PUT', path: '/add-checkpoint', body: () => log.request(0), expected: 405 },
  { label: 'any other path', method: 'POST', path: '/admin', body: () => log.request(0), expected: 404 },
];

test('the witness answers by the checkpoint’s signer alone, whatever credentials come with the request', async () => {
  impostor.append(3);
  stranger.append(3);
  const problems: string[] = [];
  for (const asker of ASKERS) {
    for (const row of ROWS) {
      const body = row.body ? await row.body() : undefined;
      const answer = await fetch(`${witness.url}${row.path}`, { method: row.method, headers: asker.headers, body });
      const text = await answer.text();
      const { expected } = row;
      if (answer.status !== expected)
        problems.push(`${row.label}, ${asker.name}: ${answer.status} instead of ${expected} (${text.trim()})`);
      if (answer.headers.get('set-cookie')) problems.push(`${row.label}, ${asker.name}: sets a cookie`);
      if (answer.headers.get('cache-control') !== 'no-store') problems.push(`${row.label}, ${asker.name}: may be cached`);
    }
  }
  expect(problems).toEqual([]);
});
