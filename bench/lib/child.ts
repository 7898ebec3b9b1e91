import { spawn } from 'node:child_process';
import { BENCH_SECRETS } from './app-server';

/** Runs a bench worker in a fresh Node process (tsx, react-server condition); resolves with its last stdout line. */
export function runWorker(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      // Workers use server modules that read the configuration (e.g. the log verifier's published keys).
      env: { ...process.env, ...BENCH_SECRETS, NODE_OPTIONS: '' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(out.trim().split('\n').at(-1) ?? '');
      else reject(new Error(`${script} exited with ${String(code)}`));
    });
  });
}
