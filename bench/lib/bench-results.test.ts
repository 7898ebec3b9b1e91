// What the benchmark writes about its own run: the commit each figure measured, suites that did not
// complete and why, CPU shares read from the machine, and a failed verification named in words.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signedCheckpointNote } from '@/server/transparency/checkpoints';
import { createCheckpointVerifier } from '@/shared/transparency/checkpoint-verifier';
import { keyIdOf, verifierKey } from '@/shared/transparency/checkpoint-note';
import { privateKeyFromSeed, rawPublicKey } from '@/shared/transparency/ed25519-keys';
import { BENCH_SECRETS, benchVerifierKey } from './app-server';
import { describeShares, withCpuShares } from './cpu-shares';
import { figure } from './figures';
import { verificationProblem } from './log-verifies';
import { writeReadmeSummary, writeResults } from './write-results';

const MACHINE = {
  cpu: 'Test CPU',
  cores: 2,
  memoryGiB: 4,
  node: 'v20',
  postgres: '15',
  postgresSettings: { synchronous_commit: 'on', fsync: 'on' },
  versions: { next: '16' },
};

describe('bench results', () => {
  it('name the commit of every figure, keep older figures with theirs, and list suites that did not complete', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-results-'));
    const fresh = { ...figure('a-figure', 'req/s', 40, 100, { kind: 'ratio-at-least', min: 0.5 }), commit: 'abc123', suite: 'one' };
    const older = { ...figure('b-figure', 'ms', 10, null, { kind: 'value-below', max: 50 }), commit: 'def456-modified', suite: 'two' };
    writeResults(
      {
        date: '2026-12-06T00:00:00.000Z',
        commit: 'abc123',
        machine: MACHINE,
        durationSeconds: 12,
        benchmarks: [older, fresh],
        failures: [
          {
            suite: 'three',
            reason: 'the log did not verify after the run:\nentry 7',
            commit: 'abc123',
            measuredAt: '2026-12-06T00:00:01Z',
          },
        ],
      },
      dir,
    );
    const md = readFileSync(path.join(dir, 'results.md'), 'utf8');
    expect(md).toContain('at commit abc123');
    expect(md).toContain('| a-figure | req/s | 100 | 40 | 0.4 | ratio >= 0.5 | **no** | abc123 |');
    expect(md).toContain('| b-figure | ms | — | 10 | — | value < 50 | yes | def456-modified |');
    expect(md).toContain('## Suites that did not complete');
    expect(md).toContain('- **three** (abc123, 2026-12-06T00:00:01Z): the log did not verify after the run: entry 7');
    // A miss without a measured explanation says so, rather than a sentence written once.
    expect(md).toContain('- **a-figure**: not explained by this run.');
    const json = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as { failures: unknown[]; commit: string };
    expect(json.commit).toBe('abc123');
    expect(json.failures).toHaveLength(1);
  });

  it("write the README's figures from the results, between its markers only", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-readme-'));
    const readme = path.join(dir, 'README.md');
    writeFileSync(readme, '# Title\n\n<!-- bench-summary -->\nold text\n<!-- /bench-summary -->\n\nAfter.\n');
    const fresh = { ...figure('a-figure', 'req/s', 40, 100, { kind: 'ratio-at-least', min: 0.5 }), commit: 'abc123' };
    const absolute = { ...figure('b-p99', 'ms', 80, null, { kind: 'value-below', max: 50 }), commit: 'def456' };
    const met = { ...figure('c-figure', 'ms', 10, null, { kind: 'value-below', max: 50 }), commit: 'abc123' };
    writeReadmeSummary(
      {
        date: '2026-12-06T00:00:00.000Z',
        commit: 'abc123',
        machine: MACHINE,
        durationSeconds: 1,
        benchmarks: [fresh, absolute, met],
        failures: [{ suite: 'three', reason: 'x', commit: 'abc123', measuredAt: 'now' }],
      },
      readme,
    );
    const text = readFileSync(readme, 'utf8');
    expect(text).toContain('last run 2026-12-06 at commit abc123; figures from commits abc123, def456): 1 of 3 targets met.');
    expect(text).toContain('- a-figure: 0.4 (target ratio >= 0.5)');
    expect(text).toContain('- b-p99: 80 ms (target value < 50)');
    expect(text).toContain('Did not complete: three.');
    expect(text).not.toContain('old text');
    expect(text.startsWith('# Title\n\n<!-- bench-summary -->\n')).toBe(true);
    expect(text.endsWith('<!-- /bench-summary -->\n\nAfter.\n')).toBe(true);
  });

  it("count this process's CPU as the bench's and describe the shares, largest first", async () => {
    // On a busy machine the loop gets what it gets: the shares must agree with the process's own count.
    const usage = process.cpuUsage();
    const started = performance.now();
    const { shares } = await withCpuShares(async () => {
      const until = performance.now() + 400;
      while (performance.now() < until) Math.sqrt(Math.random());
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    const own = process.cpuUsage(usage);
    const ownCores = (own.user + own.system) / 1000 / (performance.now() - started);
    expect(ownCores).toBeGreaterThan(0.05);
    expect(Math.abs(shares.own - ownCores)).toBeLessThan(0.25);
    // This process is the bench's (with any other bench process that runs at the time).
    expect(shares.byRole.bench ?? 0).toBeGreaterThanOrEqual(shares.own);
    expect(describeShares(shares)).toMatch(/\bbench \d\.\d\d.*of \d+ cores over 0\.\d s$/);
    expect(describeShares({ seconds: 1, cores: 2, own: 0, byRole: { app: 0.5, PostgreSQL: 1.2, idle: 0.3 } })).toBe(
      'PostgreSQL 1.20, app 0.50, idle 0.30 of 2 cores over 1.0 s',
    );
  });

  it("say in words that a checkpoint was signed with a key the bench does not know (an app that read the demo's .env.local)", () => {
    const origin = BENCH_SECRETS.LOG_ORIGIN;
    const demoKey = privateKeyFromSeed(Buffer.alloc(32, 'demo-key'));
    const demoSigner = { name: origin, keyId: keyIdOf(origin, rawPublicKey(demoKey)), privateKey: demoKey, verifierKey: '' };
    const leaf = Buffer.alloc(32, 7);
    const verifier = createCheckpointVerifier([{ treeSize: 1n, note: signedCheckpointNote(demoSigner, 1, leaf) }], [benchVerifierKey()]);
    verifier.pushLeaf(leaf.toString('hex'));
    const checkpoints = verifier.finish();
    expect(checkpoints.firstBad?.problem).toBe('unknown-key');
    const problem = verificationProblem({
      ok: false,
      checkpoints,
      entriesChecked: 0,
      lastVerifiedSeq: 0n,
      lastVerifiedAt: null,
      firstBroken: null,
    });
    expect(problem).toContain('signed with a key the bench does not know');
    // The bench's own key is what its apps sign with, and what it verifies with.
    expect(benchVerifierKey()).toBe(
      verifierKey(BENCH_SECRETS.LOG_ORIGIN, rawPublicKey(privateKeyFromSeed(Buffer.from(BENCH_SECRETS.LOG_SIGNING_KEY, 'base64')))),
    );
  });
});
