import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decisionPayload, receiptFixture, resigned } from '@/tests/receipt-fixture';

const dir = mkdtempSync(path.join(tmpdir(), 'receipt-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the command as `npm run receipt:verify` does, with no configuration and no database in its environment. */
function run(...args: string[]) {
  const result = spawnSync(path.resolve('node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/verify-receipt.ts', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' } as unknown as NodeJS.ProcessEnv,
    cwd: path.resolve('.'),
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('npm run receipt:verify', () => {
  it('verifies a receipt file with the keys file, and names what fails in a tampered one', async () => {
    const { file, keys } = await receiptFixture({
      entries: [{ eventType: 'consent.given', payload: decisionPayload('given') }],
      receiptOf: 0,
    });
    const receiptPath = path.join(dir, 'receipt.json');
    const keysPath = path.join(dir, 'keys.txt');
    writeFileSync(receiptPath, JSON.stringify(file, null, 2));
    writeFileSync(keysPath, `${keys.join('\n')}\n`);

    const ok = run(receiptPath, '--keys', keysPath);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`Receipt ${file.receipt.receiptId}: consent.given`);
    expect(ok.out).toContain('ok   inclusion');
    expect(ok.out).toContain('Receipt verified.');

    // The key on the command line works as well.
    expect(run(receiptPath, '--key', keys[0]!).code).toBe(0);

    const tamperedPath = path.join(dir, 'tampered.json');
    writeFileSync(tamperedPath, JSON.stringify(await resigned(file, (r) => void (r.purposes[0]!.state = 'withdrawn'))));
    const bad = run(tamperedPath, '--keys', keysPath);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('FAIL claims');
    expect(bad.err).toContain('Receipt does NOT verify: claims.');
  }, 60_000);

  it('explains its usage without keys, and fails readably on a missing file', () => {
    const usage = run('receipt.json');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('Usage: npm run receipt:verify');
    const missing = run(path.join(dir, 'nope.json'), '--key', 'x+00000000+AA==');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('ENOENT');
  }, 60_000);
});
