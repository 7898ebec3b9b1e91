import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { memoryLog } from '@/tests/memory-log';
import { type TWitnessProcess, startWitness } from '@/tests/witness-process';
import { nastyString } from './arbitraries';

// The witness's add-checkpoint endpoint under hostile input (docs/decisions/0039, 0056): request bodies
// built from a real, signed request of the log it witnesses, cut, reordered, mutated and mixed with strings
// that broke parsers before. No answer is a 5xx; the stored state changes only with a 200, and a 200 only
// cosigns a checkpoint that the log's key signed and that extends what the witness held.
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const ALLOWED = [200, 400, 403, 404, 409, 413, 422];

const log = memoryLog('fuzz.example/log');
let witness: TWitnessProcess;

test.beforeAll(async () => {
  witness = await startWitness({ name: 'witness.fuzz.example', logs: [log.vkey], rate: 10_000 });
});
test.afterAll(async () => {
  // Undefined when the witness did not start: the failure to start is the finding.
  await (witness as TWitnessProcess | undefined)?.stop();
});

function storedState(): string {
  const dir = path.join(witness.dataDir, 'logs');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('');
}

/** A body made from real request lines, each kept, dropped, replaced, repeated or changed. */
function hostileBody(realLines: string[]): fc.Arbitrary<string> {
  const line = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...realLines) },
    { weight: 2, arbitrary: nastyString() },
    { weight: 1, arbitrary: fc.constantFrom('old 0', 'old 00', 'old -1', `old ${2 ** 53}`, 'old 1e3', '— ', '\u2014 x AAAA', '') },
    { weight: 1, arbitrary: fc.base64String({ minLength: 0, maxLength: 60 }) },
  );
  const mutate = (text: string, at: number, char: string) =>
    text.slice(0, at % (text.length + 1)) + char + text.slice((at % (text.length + 1)) + 1);
  // The real old line, the real proof lines in another order, fewer or more, then the real checkpoint.
  const separator = realLines.indexOf('');
  const proofLines = realLines.slice(1, separator);
  const reproved = fc
    .tuple(fc.shuffledSubarray(proofLines), fc.array(fc.constantFrom(...proofLines), { maxLength: 3 }))
    .map(([kept, extra]) => [realLines[0], ...kept, ...extra, ...realLines.slice(separator)].join('\n'));
  return fc.oneof(
    fc.array(line, { maxLength: 80 }).map((lines) => lines.join('\n')),
    reproved,
    fc
      .tuple(fc.nat(), fc.constantFrom('A', '0', '\n', ' ', '\u0000', '\u2014', '='))
      .map(([at, char]) => mutate(realLines.join('\n'), at, char)),
  );
}

test(`add-checkpoint: ${RUNS} hostile bodies, no 5xx, no state change without a cosignature, no cosignature the log did not sign`, async () => {
  test.setTimeout(180_000);
  log.append(8);
  expect((await fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body: await log.request(0) })).status).toBe(200);
  log.append(5);
  const realLines = (await log.request(8)).split('\n');
  const problems: string[] = [];
  const seen = new Set<number>();
  await fc.assert(
    fc.asyncProperty(hostileBody(realLines), async (body) => {
      const before = storedState();
      const answer = await fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body });
      const text = await answer.text();
      const after = storedState();
      const shown = JSON.stringify(body.slice(0, 200));
      seen.add(answer.status);
      if (!ALLOWED.includes(answer.status)) problems.push(`${answer.status} for ${shown}`);
      if (answer.status !== 200 && after !== before) problems.push(`state changed with ${answer.status} for ${shown}`);
      if (answer.status === 200) {
        const note = body.slice(body.indexOf('\n\n') + 2);
        if (!verifyCheckpointNote(note, [log.vkey]).ok) problems.push(`cosigned a note the log did not sign: ${shown}`);
        if (!text.startsWith('\u2014 witness.fuzz.example ')) problems.push(`200 without a cosignature: ${JSON.stringify(text)}`);
      }
      return problems.length === 0;
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  expect(problems).toEqual([]);
  // The bodies reached the checks behind the parser: a bad signature, an old size not held, a proof that fails.
  expect([...seen].sort()).toEqual(expect.arrayContaining([400, 403, 409, 422]));
});
