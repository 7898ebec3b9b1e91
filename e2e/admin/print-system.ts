// The print and mail system in the e2e tests: `npm run letters:print` against the e2e server, as the
// README tells operators to run it (docs/print-api.md).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type TPrintRun = {
  code: number;
  stdout: string;
  stderr: string;
  letters: { number: string; name: string; attempt: number; pdf: Buffer }[];
};

/** Runs the print system once with `credential`; every letter it printed, by the recipient's number. */
export async function runPrintSystem(baseURL: string, credential: string, options: { fail?: string } = {}): Promise<TPrintRun> {
  const out = await mkdtemp(path.join(tmpdir(), 'letters-'));
  const args = [
    'tsx',
    'scripts/print-letters.ts',
    '--out',
    out,
    '--url',
    baseURL,
    '--credential',
    credential,
    ...(options.fail ? ['--fail', options.fail] : []),
  ];
  // No PRINT_API_TOKEN from a developer's .env.local: the credential is the one given here.
  const env = { ...process.env, PRINT_API_TOKEN: '', NODE_OPTIONS: '' };
  const result = await run('npx', args, { env, timeout: 60_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (error: unknown) => {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    },
  );
  const letters = [];
  for (const file of (await readdir(out)).filter((f) => f.endsWith('.json'))) {
    const meta = JSON.parse(await readFile(path.join(out, file), 'utf8')) as {
      id: string;
      attempt: number;
      recipient: { number: string; name: string };
    };
    letters.push({
      number: meta.recipient.number,
      name: meta.recipient.name,
      attempt: meta.attempt,
      pdf: await readFile(path.join(out, `${meta.id}.pdf`)),
    });
  }
  // The PDFs hold sign-in codes: nothing of them stays on disk after the test has read them.
  await rm(out, { recursive: true, force: true });
  return { ...result, letters };
}

/**
 * What the print API answers a fetch with `credential`, without the CLI's start-up: for checks that
 * a credential is refused (the CLI's own refusal is tested once, with a revoked credential).
 */
export async function claimStatus(baseURL: string, credential: string): Promise<number> {
  const response = await fetch(new URL('/api/print/v1/letters/claim', baseURL), {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}` },
  });
  await response.body?.cancel();
  return response.status;
}
