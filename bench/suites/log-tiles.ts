// Issue 19: an auditor's copy and watch of the log at the full size, served by the production app from
// PostgreSQL as tlog-tiles. Mirroring (hash tiles and entry bundles, every tile authenticated, every entry
// hashed) against fetching the same files from a plain static server in the same run (≥ 0.5×); the monitor
// rebuilding the tree from the mirror's entries (read from its directory) against one SHA-256 per entry
// over the same bytes (≥ 0.3×).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@/server/db/client';
import { activeAuditorToken } from '@/tests/auditor-credential';
import { entryBundlesOf, hashTilesOf, tilePath } from '@/shared/transparency/tiles';
import { BENCH_SECRETS, benchVerifierKey, ensureBuild, startApp } from '../lib/app-server';
import { type TFigure, explainMiss, figure } from '../lib/figures';
import { fetchAll, serveDirectory } from '../lib/static-server';
import { LOG_SEED, LOG_TILES_OUT, sharedLogDatabase } from '../lib/shared-log-database';
import { BASELINE_SAMPLE, shaBaseline } from './verify-chain';

const PORT = 3304;
const OUT = LOG_TILES_OUT;

/** Runs an npm script to its end; the milliseconds it took and what it printed, or an error with its output. */
function timed(script: string, args: string[]): Promise<{ ms: number; out: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('npm', ['run', '-s', script, '--', ...args], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve({ ms: performance.now() - started, out }) : reject(new Error(`${script} exited with ${String(code)}: ${out}`)),
    );
  });
}

export async function logTilesSuite(options: { entries: number; log: (line: string) => void }): Promise<TFigure[]> {
  ensureBuild(options.log);
  const count = options.entries;
  // The run's shared log: the app signs checkpoints and keeps entry bundles in it, so this suite comes after
  // the others that only read it (log-storage, which counts the bundles, comes last).
  const { target } = await sharedLogDatabase(count, options.log);
  const database = await openDatabase(target);
  // The data set's queue ids are its sequence numbers: the app's own entries are queued after them.
  await database.prisma.$queryRaw`SELECT setval(pg_get_serial_sequence('consent_log_queue', 'id'), ${count})`;
  const token = await activeAuditorToken(database.prisma, { label: 'Bench' });
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const credential = path.join(OUT, 'credential.txt');
  writeFileSync(credential, `${token}\n`);
  const policy = path.join(OUT, 'policy.txt');
  writeFileSync(policy, `log ${benchVerifierKey()}\nquorum none\n`);

  const app = await startApp(PORT, { DATABASE_URL: target.url });
  const figures: TFigure[] = [];
  try {
    // Two minutes per million entries, at least ten (the tree and the entry bundles grow with the log).
    const waitMs = Math.max(600_000, count * 0.12);
    const waited = `${Math.round(waitMs / 60_000)} minutes`;
    options.log('the app builds the tree and signs its checkpoint');
    const logUrl = `http://localhost:${PORT}/api/log`;
    for (const deadline = Date.now() + waitMs; ;) {
      const size = Number((await (await fetch(`${logUrl}/checkpoint`)).text()).split('\n')[1] ?? 0);
      if (size >= count) break;
      if (Date.now() > deadline) throw new Error(`no checkpoint of ${count} entries after ${waited} (at ${size})`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    // The checkpoint leader keeps every full entry bundle ready to send, a batch a round (docs/decisions/0061):
    // after a bulk load like this one it works off the backlog first, as after an upgrade.
    const fullBundles = Math.floor(count / 256);
    const keeping = performance.now();
    for (const deadline = Date.now() + waitMs; ;) {
      const kept = await database.prisma.logEntryBundle.count();
      if (kept >= fullBundles) break;
      if (Date.now() > deadline) throw new Error(`${kept} of ${fullBundles} entry bundles kept after ${waited}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    options.log(`the app kept ${fullBundles} full entry bundles in ${((performance.now() - keeping) / 1000).toFixed(1)} s`);
    // Each server answers every file once before it is measured: a gateway an auditor mirrors has been
    // running (its code compiled, its caches warm), and so has a static server. Cold, the app spent 3.4 s of
    // CPU on a copy that cost it 2.0 s warm (0063). The app's pass is reported: its files with no checks
    // and nothing written, the share of the mirror's time that is the app's.
    const paths = ['checkpoint', ...hashTilesOf(count).map(tilePath), ...entryBundlesOf(count).map(tilePath)];
    const bearer = { authorization: `Bearer ${token}` };
    options.log(`fetch the ${paths.length} files of the copy from the app`);
    const fromApp = performance.now();
    // (The credential only where it is asked for: anywhere else the gateway answers an auditor's token with 404.)
    await fetchAll(
      logUrl,
      paths.filter((p) => !p.startsWith('tile/entries/')),
    );
    await fetchAll(
      logUrl,
      paths.filter((p) => p.startsWith('tile/entries/')),
      16,
      bearer,
    );
    const appMs = performance.now() - fromApp;
    const mirrorDir = path.join(OUT, 'mirror');
    options.log(`log:mirror ${count} entries from the app`);
    // The mirror's own time for the copy, from its first request to the checkpoint written (it prints it), as
    // for the monitor below: starting the program (tsx compiling TypeScript) is a constant, not work per entry.
    const mirrorRun = await timed('log:mirror', [logUrl, mirrorDir, '--policy', policy, '--credential', credential]);
    const mirrorMs = Number(/copied in (\d+) ms/.exec(mirrorRun.out)?.[1] ?? Number.NaN);
    if (!Number.isFinite(mirrorMs)) throw new Error(`log:mirror did not say how long it took: ${mirrorRun.out}`);
    const prefix = createHash('sha256').update(BENCH_SECRETS.LOG_ORIGIN).digest('hex');
    const served = await serveDirectory(path.join(mirrorDir, prefix));
    try {
      const size = Number((await (await fetch(`${served.url}/checkpoint`)).text()).split('\n')[1]);
      if (size !== count) throw new Error(`the copy holds ${size} entries, not ${count}`);
      options.log(`fetch the same ${paths.length} files from a static server (twice: the first pass warms it)`);
      await fetchAll(served.url, paths);
      const started = performance.now();
      const bytes = await fetchAll(served.url, paths);
      const staticMs = performance.now() - started;
      figures.push(
        explainMiss(
          figure(
            `log-mirror-${count / 1_000_000}m`,
            'entries/s',
            size / (mirrorMs / 1000),
            size / (staticMs / 1000),
            { kind: 'ratio-at-least', min: 0.5 },
            `${(mirrorMs / 1000).toFixed(1)} s to mirror (${(mirrorRun.ms / 1000).toFixed(1)} s with starting the program; the app serving from PostgreSQL, every tile authenticated, every entry hashed, files written); ` +
              `${(staticMs / 1000).toFixed(1)} s to fetch the same ${paths.length} files (${Math.round(bytes / 1e6)} MB) from a static server`,
          ),
          `fetching the same files from the app, with no checks and nothing written, took ${(appMs / 1000).toFixed(1)} s ` +
            `(${(appMs / paths.length).toFixed(1)} ms a file, 16 at a time, the app's first pass) against ${(staticMs / 1000).toFixed(1)} s from the static server ` +
            `(${(staticMs / paths.length).toFixed(1)} ms a file, its second pass), both with the mirror's HTTP client; the mirror took ${(mirrorMs / 1000).toFixed(1)} s ` +
            `(it skips the level-0 hash tiles, which it rebuilds from the entries: ${(mirrorMs / paths.filter((p) => !p.startsWith('tile/0/')).length).toFixed(1)} ms a file it fetched).`,
        ),
      );
      // The monitor's own time for following the log, from its first request to its state kept (it prints it);
      // starting the program (tsx compiling TypeScript) is a constant, not work per entry.
      const monitor = async (source: string, name: string) => {
        const run = await timed('log:monitor', [
          source,
          '--state',
          path.join(OUT, `${name}.json`),
          '--policy',
          policy,
          '--credential',
          credential,
        ]);
        const checkedMs = Number(/checked in (\d+) ms/.exec(run.out)?.[1] ?? Number.NaN);
        if (!Number.isFinite(checkedMs)) throw new Error(`log:monitor did not say how long it took: ${run.out}`);
        return { checkedMs, ms: run.ms };
      };
      options.log(`log:monitor ${count} entries from the mirror over HTTP, rebuilding the tree from the entries`);
      const overHttp = await monitor(served.url, 'monitor-http');
      // The figure: the monitor's verification, reading the mirror's files where they lie (an auditor's own
      // copy), so the static server's share of two cores does not count as the monitor's work.
      options.log(`log:monitor ${count} entries from the mirror's directory`);
      const fromDisk = await monitor(path.join(mirrorDir, prefix), 'monitor-disk');
      options.log('SHA-256 baseline');
      const baseline = shaBaseline(Math.min(count, BASELINE_SAMPLE), LOG_SEED);
      figures.push(
        explainMiss(
          figure(
            `log-monitor-${count / 1_000_000}m`,
            'entries/s',
            size / (fromDisk.checkedMs / 1000),
            baseline,
            { kind: 'ratio-at-least', min: 0.3 },
            `${(fromDisk.checkedMs / 1000).toFixed(1)} s to follow the mirror's directory from nothing (${(fromDisk.ms / 1000).toFixed(1)} s with starting the program): every tile read and authenticated, every entry hashed to its leaf, the authenticated tiles written to its state; ` +
              `over HTTP from the static server ${(overHttp.checkedMs / 1000).toFixed(1)} s`,
          ),
          `the monitor took ${(fromDisk.checkedMs / 1000).toFixed(1)} s for the entries and the tiles above level 0 (two digests per entry, on a worker thread per core), ` +
            `against ${(count / baseline).toFixed(1)} s for one SHA-256 per entry on one thread.`,
        ),
      );
    } finally {
      await served.close();
    }
  } finally {
    await app.stop();
    await database.close();
  }
  return figures;
}
