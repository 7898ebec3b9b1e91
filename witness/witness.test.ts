import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLog } from '@/tests/memory-log';
import { type TWitnessProcess, startWitness } from '@/tests/witness-process';
import { checkCosignature } from '@/shared/transparency/cosignature';
import { parseSignedNote, parseVkey } from '@/shared/transparency/signed-note';
import { parseAddCheckpoint } from '@/witness/add-checkpoint';

// The example request body of C2SP tlog-witness.
const SPEC_REQUEST = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
\u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`;

describe('the add-checkpoint request format', () => {
  it('reads the specification’s example request', () => {
    const request = parseAddCheckpoint(SPEC_REQUEST);
    if (typeof request === 'string') throw new Error(request);
    expect(request.oldSize).toBe(20852014);
    expect(request.proof).toHaveLength(4);
    expect(request.note.startsWith('example.com/behind-the-sofa\n20852163\n')).toBe(true);
    expect(parseSignedNote(request.note)?.signatures).toHaveLength(2);
  });

  it('refuses leading zeros, a hash that is not 32 bytes, 64 proof lines, a missing empty line', () => {
    const note = SPEC_REQUEST.slice(SPEC_REQUEST.indexOf('\n\n') + 2);
    const hash = `${Buffer.alloc(32).toString('base64')}\n`;
    for (const bad of [
      `old 01\n\n${note}`,
      `old 1\nAAAA\n\n${note}`,
      `old 1\n${hash.repeat(64)}\n${note}`,
      `old 0\n${note}`,
      `old -1\n\n${note}`,
    ])
      expect(typeof parseAddCheckpoint(bad), bad.slice(0, 20)).toBe('string');
  });
});

describe('npm run witness (a separate process with its own storage)', () => {
  const log = memoryLog('test.example/witnessed-log');
  const other = memoryLog('test.example/other-log');
  let witness: TWitnessProcess;
  const post = (body: string, url = witness.url) => fetch(`${url}/add-checkpoint`, { method: 'POST', body });

  beforeAll(async () => {
    witness = await startWitness({ name: 'witness.test/w1', logs: [log.vkey] });
  }, 60_000);
  afterAll(async () => {
    await witness.stop();
  });

  it('publishes its cosignature key', async () => {
    const about = await (await fetch(`${witness.url}/`)).text();
    expect(about.split('\n')[0]).toBe(witness.vkey);
    expect(parseVkey(witness.vkey)?.type).toBe(0x04);
  });

  it('cosigns a first checkpoint from old 0, then only checkpoints consistent with it', async () => {
    log.append(5);
    const first = await post(await log.request(0));
    expect(first.status).toBe(200);
    const cosignature = await first.text();
    expect(cosignature).toMatch(/^\u2014 witness\.test\/w1 \S+\n$/);
    const text = log.checkpoint().slice(0, log.checkpoint().indexOf('\n\n') + 1);
    const line = parseSignedNote(`${text}\n${cosignature}`)!.signatures[0]!;
    const checked = checkCosignature(line, parseVkey(witness.vkey)!, text);
    expect(checked).not.toBe('invalid');
    expect(Number((checked as { timestamp: bigint }).timestamp)).toBeCloseTo(Date.now() / 1000, -2);

    log.append(8);
    expect((await post(await log.request(5))).status).toBe(200);
    // The same size again with the same root: cosigned again.
    expect((await post(await log.request(13, 13))).status).toBe(200);
  });

  it('answers 409 with its size when the old size is not the one it cosigned', async () => {
    const answer = await post(await log.request(0));
    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toBe('text/x.tlog.size');
    expect(await answer.text()).toBe('13\n');
    // A rollback: a smaller checkpoint from the size it holds is refused too.
    expect((await post(`old 13\n\n${log.checkpoint(5)}`)).status).toBe(400);
  });

  it('refuses a fork with 422 and keeps the request as evidence; the same size with another root is 409', async () => {
    // The log's own key signs another history that shares only the first 10 entries.
    const forked = [...log.leaves.slice(0, 10), ...Array.from({ length: 6 }, (_, i) => Buffer.alloc(32, i + 1))];
    expect((await post(await log.request(13, 16, forked))).status).toBe(422);
    expect((await post(`old 13\n\n${log.checkpoint(13, forked)}`)).status).toBe(409);
    const evidence = readFileSync(join(witness.dataDir, 'evidence.jsonl'), 'utf8').trim().split('\n');
    expect(evidence.map((line) => (JSON.parse(line) as { reason: string }).reason)).toEqual(['inconsistent', 'same-size-other-root']);
  });

  it('answers 404 for an origin it does not witness, 403 for a checkpoint not signed by the log’s key, 400 for nonsense', async () => {
    other.append(3);
    expect((await post(await other.request(0))).status).toBe(404);
    const impostor = memoryLog(log.origin);
    impostor.append(20);
    expect((await post(await impostor.request(0))).status).toBe(403);
    expect((await post('hello')).status).toBe(400);
    expect((await fetch(`${witness.url}/add-checkpoint`)).status).toBe(405);
  });

  it('of two requests from the same size at once, cosigns one and answers the other 409: no rollback', async () => {
    log.append(4);
    const [a, b] = await Promise.all([post(await log.request(13, 15)), post(await log.request(13, 17))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [file, ...more] = readdirSync(join(witness.dataDir, 'logs')).filter((f) => f.endsWith('.json'));
    expect(more).toEqual([]);
    const stored = readFileSync(join(witness.dataDir, 'logs', file!), 'utf8');
    expect([15, 17]).toContain((JSON.parse(stored) as { size: number }).size);
  });

  it('keeps its state across a restart, and a second process cannot use the same directory', async () => {
    await expect(startWitness({ name: 'witness.test/w1', logs: [log.vkey], dataDir: witness.dataDir, timeoutMs: 20_000 })).rejects.toThrow(
      /in use by the witness process/,
    );
    const dataDir = witness.dataDir;
    const vkey = witness.vkey;
    await witness.stop();
    witness = await startWitness({ name: 'witness.test/w1', logs: [log.vkey], dataDir });
    expect(witness.vkey).toBe(vkey);
    const answer = await post(await log.request(0));
    expect(answer.status).toBe(409);
    expect(['15\n', '17\n']).toContain(await answer.text());
  }, 60_000);

  it('limits the rate per client address', async () => {
    const limited = await startWitness({ name: 'witness.test/w2', logs: [log.vkey], rate: 1 });
    try {
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await post('old 0\n\nx\n', limited.url)).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await limited.stop();
    }
  }, 60_000);
});
