// npm run instances -- --count 3 --port 3100 [--balancer 3099]
// Starts N app instances (scripts/serve.mjs, as `npm start`) on consecutive ports against the PostgreSQL server in
// DATABASE_URL, as production would: each runs the migrations first, all at once (one applies, the
// others wait for it: server/migrate/migration-lock.ts), then starts. Optionally a small round-robin
// balancer in front. Ctrl-C or SIGTERM stops them all gracefully. Needs `npm run build` first.
import './load-env';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { databaseTarget } from '@/server/db/database-target';
import { runCommand } from './run-command';
import { type TChild, runMigrations, startInstance, waitUntilReady } from './instances/instance-process';
import { type TBalancer, startRoundRobinBalancer } from './instances/round-robin-balancer';

const port = z.coerce.number().int().min(1024).max(65_535);
const ZOptions = z
  .object({
    count: z.coerce.number().int().min(1).max(16).default(3),
    port: port.default(3100),
    balancer: port.optional(),
  })
  .refine((o) => o.port + o.count - 1 <= 65_535, { message: 'the ports run past 65535' })
  .refine((o) => o.balancer === undefined || o.balancer < o.port || o.balancer >= o.port + o.count, {
    message: "--balancer must not be one of the instances' ports",
  });

/** How long an instance may take to finish its requests after SIGTERM (the app's own grace is 20 s). */
const STOP_GRACE_MS = 30_000;

const say = (line: string) => console.log(`[instances] ${line}`);

function readOptions() {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, port: { type: 'string' }, balancer: { type: 'string' } },
    strict: true,
  });
  const parsed = ZOptions.safeParse(values);
  if (!parsed.success)
    throw new Error(
      `Usage: npm run instances -- --count N --port FIRST_PORT [--balancer PORT] (${parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')})`,
    );
  return parsed.data;
}

/** Warns when the pools of all instances (and their two listening connections) would not fit the server. */
async function checkConnectionBudget(url: string, count: number, poolSize: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'consent-gateway-instances' });
  await client.connect();
  try {
    const { rows } = await client.query<{ max: number; reserved: number; used: number }>(
      `SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved,
        (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend') AS used`,
    );
    const { max, reserved, used } = rows[0]!;
    const needed = count * (poolSize + 2);
    const free = max - reserved - used;
    if (needed > free)
      say(
        `warning: ${count} instances × (pool ${poolSize} + 2 listening: live updates, sessions) = ${needed} connections, but the server has ${free} free (max_connections ${max}, ${reserved} reserved, ${used} in use). Lower DATABASE_POOL_SIZE or raise max_connections (docs/operations.md).`,
      );
    else say(`connections: ${count} × (pool ${poolSize} + 2) = ${needed} of ${free} free on the server`);
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const options = readOptions();
  const target = databaseTarget();
  if (target.kind !== 'postgres') {
    throw new Error(
      'npm run instances needs a PostgreSQL server: set DATABASE_URL=postgresql://… . The embedded PGlite database admits one process at a time (docs/decisions/0002), so several instances cannot share it.',
    );
  }
  if (!existsSync('.next/BUILD_ID')) throw new Error('No production build: run `npm run build` first.');
  const ports = Array.from({ length: options.count }, (_, i) => options.port + i);
  await checkConnectionBudget(target.url, options.count, target.poolSize!);

  const instances: TChild[] = [];
  let balancer: TBalancer | null = null;
  let stopping: Promise<number> | null = null;
  // Signal handlers set `stopping`; read it through a call, since narrowing does not see their assignments.
  const stoppingNow = () => stopping !== null;
  const stopAll = (why: string): Promise<number> => {
    stopping ??= (async () => {
      say(`${why}: stopping ${instances.length} instance(s) gracefully`);
      await balancer?.close();
      for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill('SIGTERM');
      const killer = setTimeout(() => {
        for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill('SIGKILL');
      }, STOP_GRACE_MS);
      const codes = await Promise.all(instances.map((i) => i.exited));
      clearTimeout(killer);
      instances.forEach((instance, i) => say(`${instance.name} exited with ${String(codes[i])}`));
      return codes.every((code) => code === 0) ? 0 : 1;
    })();
    return stopping;
  };
  let finish: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => (finish = resolve));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(`${signal} received`).then(finish));

  // Every instance migrates at start, all at once, as when an orchestrator starts them together.
  say(`migrating from ${options.count} instance(s) at once`);
  const migrations = ports.map((_port, i) => runMigrations(`migrate ${i + 1}`, process.env));
  const migrated = await Promise.all(migrations.map((m) => m.exited));
  if (migrated.some((code) => code !== 0)) throw new Error(`migrations failed (exit codes ${migrated.join(', ')})`);
  if (stoppingNow()) return stopped;

  // Behind our balancer on this machine the instances trust it (and so anything on this machine) to name
  // the caller (0046); without it, each instance is reached directly and trusts no header.
  const trustBalancer = options.balancer !== undefined && !process.env.TRUSTED_PROXIES;
  const instanceEnv = trustBalancer ? { ...process.env, TRUSTED_PROXIES: '127.0.0.1, ::1' } : process.env;
  if (trustBalancer) say('instances trust the balancer on this machine to name the caller (TRUSTED_PROXIES=127.0.0.1, ::1)');
  ports.forEach((p, i) => instances.push(startInstance(`app ${i + 1} :${p}`, p, instanceEnv)));
  for (const instance of instances) {
    // An instance that ends on its own is reported; the others go on (a balancer would route around it).
    // When none is left, the command ends with a failure.
    void instance.exited.then((code) => {
      if (stopping) return;
      say(`${instance.name} exited on its own with ${String(code)}`);
      if (instances.every((i) => i.child.exitCode !== null || i.child.signalCode !== null))
        void stopAll('no instance is left').then(() => finish(1));
    });
  }
  try {
    await Promise.all(ports.map((p, i) => waitUntilReady(p, instances[i]!)));
  } catch (error) {
    if (stoppingNow()) return stopped; // stopped by a signal while starting
    await stopAll(error instanceof Error ? error.message : String(error));
    throw error;
  }
  if (options.balancer !== undefined && !stoppingNow()) {
    balancer = await startRoundRobinBalancer(options.balancer, ports, say);
  }
  say(
    `ready: ${ports.map((p) => `http://localhost:${p}`).join(' ')}${balancer ? `; balancer http://localhost:${balancer.port}` : ''}. Ctrl-C stops all.`,
  );
  return stopped;
}

runCommand(main);
