import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { verifierKey } from '@/shared/transparency/checkpoint-note';
import { privateKeyFromSeed, rawPublicKey } from '@/shared/transparency/ed25519-keys';

/**
 * The configuration every app instance, worker and the bench itself run with, whatever the machine's
 * `.env.local` says: `npm run demo` writes its own secrets there, which `next start` reads, and an app
 * signing checkpoints with the demo's key leaves the bench unable to verify the log it wrote. Set
 * explicitly, these win over the file (Next never overrides a variable already set). Production signs
 * its checkpoints, so the bench's apps do too. A suite that needs its own key or witnesses passes it.
 */
export const BENCH_SECRETS = {
  AUTH_SECRET: 'bench-auth-secret-bench-auth-secret-0123456789',
  GATEWAY_SECRET: 'bench-gateway-secret-bench-gateway-secret-0123',
  LOG_SIGNING_KEY: Buffer.alloc(32, 'bench-log-signing-key').toString('base64'),
  LOG_ORIGIN: 'bench.consent-gateway/consent-log',
  LOG_RETIRED_VERIFIER_KEYS: '',
  WITNESS_POLICY_FILE: '',
};

/** The verifier key of the bench's checkpoints, as a published policy names it. */
export function benchVerifierKey(): string {
  const { LOG_ORIGIN, LOG_SIGNING_KEY } = BENCH_SECRETS;
  return verifierKey(LOG_ORIGIN, rawPublicKey(privateKeyFromSeed(Buffer.from(LOG_SIGNING_KEY, 'base64'))));
}

export function ensureBuild(log: (line: string) => void): void {
  if (existsSync('.next/BUILD_ID')) return;
  log('no production build found: run `npm run build` first');
  throw new Error('npm run build first (the benchmark measures the production build)');
}

/** Starts the app as `npm start` does (scripts/serve.mjs) on a port with the given database and waits until it answers. */
export async function startApp(port: number, env: Record<string, string>): Promise<{ stop(): Promise<void> }> {
  // BENCH_CPU_PROFILE=DIR writes a V8 CPU profile of each app instance there, to see where time goes.
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, 'scripts/serve.mjs', '--port', String(port)], {
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...BENCH_SECRETS, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`http://localhost:${port}/login`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      // An app that answers with errors keeps running: stop it, so the next suite finds the port free.
      child.kill('SIGKILL');
      throw new Error(`app on port ${port} did not start`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
