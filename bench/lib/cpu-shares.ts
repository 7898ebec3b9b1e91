// Who used the machine's CPU while something was measured: the app instances, PostgreSQL, the bench with
// its load generator and workers, the log followers and witnesses, anything else, and what stayed idle.
// A miss is then explained by what the run saw ("the app used 1.6 of 2 cores") rather than by a sentence
// written once. Read from /proc (Linux); elsewhere the sample is empty and the explanation says so.
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

export type TRole = 'app' | 'PostgreSQL' | 'bench' | 'followers' | 'witnesses' | 'other';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux Node supports

function roleOf(pid: number): TRole | null {
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (comm === 'postgres') return 'PostgreSQL';
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    if (cmdline.includes('scripts/serve.mjs')) return 'app';
    if (cmdline.includes('log-follower/')) return 'followers';
    if (cmdline.includes('witness/main.ts')) return 'witnesses';
    if (pid === process.pid || cmdline.includes('bench/')) return 'bench';
    return 'other';
  } catch {
    return null; // gone, or not ours to read
  }
}

/** utime + stime of a process (all its threads), in ticks. */
function ticksOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function machineTicks(): { busy: number; idle: number } | null {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const n = values.map(Number);
    const idle = n[3]! + n[4]!;
    return { busy: n.reduce((a, b) => a + b, 0) - idle, idle };
  } catch {
    return null;
  }
}

export type TCpuShares = {
  seconds: number;
  cores: number;
  /** Cores used on average over the window, by role, and idle. */
  byRole: Partial<Record<TRole | 'idle', number>>;
  /** This process's own share (part of the bench's). */
  own: number;
};

/**
 * Starts sampling (every 200 ms, so a worker that exits within the window still counts up to its last
 * sample); `stop()` gives the shares.
 */
export function sampleCpuShares(): { stop(): TCpuShares } {
  const started = performance.now();
  const machineAtStart = machineTicks();
  // Per process: its ticks when first seen (0 if it started after the window opened) and when last seen.
  const seen = new Map<number, { role: TRole; first: number; last: number }>();
  const sample = (atStart: boolean) => {
    let pids: number[] = [];
    try {
      pids = readdirSync('/proc')
        .filter((name) => /^\d+$/.test(name))
        .map(Number);
    } catch {
      return;
    }
    for (const pid of pids) {
      const ticks = ticksOf(pid);
      if (ticks === null) continue;
      const known = seen.get(pid);
      if (known) known.last = ticks;
      else {
        const role = roleOf(pid);
        if (role) seen.set(pid, { role, first: atStart ? ticks : 0, last: ticks });
      }
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), 200);
  return {
    stop() {
      clearInterval(timer);
      sample(false);
      const seconds = (performance.now() - started) / 1000;
      const machineAtEnd = machineTicks();
      const byRole: TCpuShares['byRole'] = {};
      const cores = ({ first, last }: { first: number; last: number }) => (last - first) / TICKS_PER_SECOND / seconds;
      for (const sampled of seen.values()) byRole[sampled.role] = (byRole[sampled.role] ?? 0) + cores(sampled);
      const self = seen.get(process.pid);
      if (machineAtStart && machineAtEnd) byRole.idle = (machineAtEnd.idle - machineAtStart.idle) / TICKS_PER_SECOND / seconds;
      return { seconds, cores: os.availableParallelism(), byRole, own: self ? cores(self) : 0 };
    },
  };
}

/** "app 1.42, PostgreSQL 0.38, bench 0.15, idle 0.03 of 2 cores over 10.1 s", largest first. */
export function describeShares(shares: TCpuShares): string {
  const parts = Object.entries(shares.byRole)
    .filter(([role, cores]) => role !== 'idle' && cores >= 0.01)
    .sort(([, a], [, b]) => b - a)
    .map(([role, cores]) => `${role} ${cores.toFixed(2)}`);
  if (!parts.length) return 'no CPU figures (this system has no /proc)';
  const idle = shares.byRole.idle === undefined ? '' : `, idle ${shares.byRole.idle.toFixed(2)}`;
  return `${parts.join(', ')}${idle} of ${shares.cores} cores over ${shares.seconds.toFixed(1)} s`;
}

/**
 * Milliseconds of CPU one role spent per request of a load: its cores over the window, divided among the requests.
 * None for a role that used less than a hundredth of a core (as describeShares: a server that sat idle).
 */
export function cpuMsPerRequest(shares: TCpuShares, role: TRole, requests: number): number | null {
  const cores = shares.byRole[role];
  return cores === undefined || cores < 0.01 || requests <= 0 ? null : (cores * shares.seconds * 1000) / requests;
}

/** Runs `work` while sampling; its result and the shares. */
export async function withCpuShares<T>(work: () => Promise<T>): Promise<{ result: T; shares: TCpuShares }> {
  const sampler = sampleCpuShares();
  try {
    const result = await work();
    return { result, shares: sampler.stop() };
  } catch (error) {
    sampler.stop();
    throw error;
  }
}
