// Runs `npm run instances` (scripts/start-instances.ts) as the operator would, in a process group of its
// own so that everything it started can be ended even if it fails.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { appEnvironment } from '../operations/app-process';

export type TInstancesCommand = {
  child: ChildProcess;
  /** Every line it printed so far (its own, and each instance's and migration's, prefixed). */
  output: string[];
  exited: Promise<number | null>;
  waitForLine(predicate: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** SIGTERM, as an orchestrator or Ctrl-C stops it; resolves with its exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
  /** Last resort: SIGKILL to the whole process group (the command and every instance it started). */
  killAll(): void;
};

export function startInstancesCommand(databaseUrl: string, args: string[], extraEnv: Record<string, string> = {}): TInstancesCommand {
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/start-instances.ts', ...args], {
    env: appEnvironment({ databaseUrl }, extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  const waiters = new Set<() => void>();
  const collect = (stream: NodeJS.ReadableStream) => {
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      output.push(...lines);
      for (const wake of waiters) wake();
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const exitedYet = () => child.exitCode !== null || child.signalCode !== null;

  const waitForLine = (predicate: (line: string) => boolean, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = output.find(predicate);
        if (found) {
          done();
          resolve(found);
        } else if (exitedYet()) {
          done();
          reject(new Error(`npm run instances exited (${String(child.exitCode)}); output:\n${output.join('\n')}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no such line within ${timeoutMs} ms; output:\n${output.join('\n')}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      void exited.then(check);
      check();
    });

  return {
    child,
    output,
    exited,
    waitForLine,
    async stop(timeoutMs = 45_000) {
      if (!exitedYet()) child.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
      const result = await Promise.race([exited, timeout]);
      if (result === 'timeout') throw new Error(`npm run instances did not stop within ${timeoutMs} ms; output:\n${output.join('\n')}`);
      return result;
    },
    killAll() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    },
  };
}
