// One app instance (scripts/serve.mjs, as `npm start` runs it) or one migration run, as a child process
// whose output is prefixed with its name.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pipePrefixed } from './prefixed-output';

export type TChild = { name: string; child: ChildProcess; exited: Promise<number | null> };

function started(name: string, child: ChildProcess): TChild {
  pipePrefixed(child.stdout!, process.stdout, `[${name}]`);
  pipePrefixed(child.stderr!, process.stderr, `[${name}]`);
  // 'close', not 'exit': by then the child's last lines are through the pipes.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { name, child, exited };
}

/** `npm run db:migrate` as an instance runs it before it starts (its output says when it waits for another). */
export function runMigrations(name: string, env: NodeJS.ProcessEnv): TChild {
  const child = spawn('npm', ['run', '-s', 'db:migrate'], { env: { ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return started(name, child);
}

/**
 * The app (scripts/serve.mjs) on the port with the app's own graceful shutdown (NEXT_MANUAL_SIG_HANDLE, docs/decisions/0034):
 * on SIGTERM it stops taking requests, finishes those in flight, integrates what is queued and exits 0.
 */
export function startInstance(name: string, port: number, env: NodeJS.ProcessEnv): TChild {
  const child = spawn(process.execPath, [path.resolve('scripts/serve.mjs'), '--port', String(port)], {
    env: { ...env, NODE_OPTIONS: '', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', NEXT_MANUAL_SIG_HANDLE: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return started(name, child);
}

/** Resolves once the instance's readiness probe answers 200 (database reachable, migrations applied). */
export async function waitUntilReady(port: number, child: TChild, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.child.exitCode !== null || child.child.signalCode !== null) throw new Error(`${child.name} exited before it was ready`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/ready`, { signal: AbortSignal.timeout(3_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${child.name} was not ready within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
