// Starts `npm run witness` as the separate process a second party would run (node with tsx, the same
// entry point), on a port the system picks, and waits until it listens.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TWitnessProcess = {
  url: string;
  vkey: string;
  dataDir: string;
  output: string[];
  child: ChildProcess;
  stop(): Promise<number | null>;
};

export async function startWitness(options: {
  name: string;
  logs: string[];
  dataDir?: string;
  port?: number;
  rate?: number;
  /** A fixed key (a 32-byte seed in base64) instead of one made in the data directory. */
  seed?: string;
  timeoutMs?: number;
}): Promise<TWitnessProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'witness-'));
  const args = ['--import', 'tsx', 'witness/main.ts', '--data-dir', dataDir, '--name', options.name, '--port', String(options.port ?? 0)];
  for (const log of options.logs) args.push('--log', log);
  if (options.rate) args.push('--rate', String(options.rate));
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', WITNESS_SIGNING_KEY: options.seed ?? '' },
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<{ url: string; vkey: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the witness did not start:\n${output.join('')}`)), options.timeoutMs ?? 30_000);
    const read = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /listening on (\S+) as (\S+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, vkey: match[2]! });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the witness exited with ${String(code)}:\n${output.join('')}`));
    });
  });
  const { url, vkey } = await listening;
  return {
    url,
    vkey,
    dataDir,
    output,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
