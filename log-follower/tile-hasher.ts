// Where a follower's digests are computed, and a mirror's entry bundles decoded and written: on worker
// threads (one per core) while the main thread fetches the next tiles, or on the calling thread (tests,
// small logs). Both give what tile-hashing.ts computes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { fullTileTop, leafTileOf } from '@/log-follower/tile-hashing';
import { HASH_SIZE, TILE_WIDTH } from '@/shared/transparency/tiles';

/** The level-0 tile an entry bundle makes, and the hash its parent holds for it if it is full. */
export type TLeafTile = { leaves: Buffer; top: Buffer | null };

/**
 * How an entry bundle came (`gzipped`: as its gzip stream), and where to keep it decoded and the level-0 tile it
 * makes (`keepAt`, `keepLeavesAt`: a mirror's staged files).
 */
export type TBundleHandling = { gzipped?: boolean; keepAt?: string; keepLeavesAt?: string };

export type TTileHasher = {
  /** Resolves once every thread has loaded its code (a constant of starting the program, not work per entry). */
  ready(): Promise<void>;
  /**
   * An entry bundle's leaves, the bundle decoded first if it came gzipped, both written where they are to be kept; a problem
   * if it does not decode or is not exactly `width` entries. The bundle's memory may move to a worker: do not use it after.
   */
  leaves(bundle: Buffer, width: number, handling?: TBundleHandling): Promise<TLeafTile | { problem: string }>;
  /** The hash the parent tile holds for a full hash tile. */
  top(tile: Buffer): Promise<Buffer>;
  close(): Promise<void>;
};

export type THashRequest = { id: number; kind: 'leaves' | 'top'; bytes: Uint8Array; width: number } & TBundleHandling;
export type THashAnswer = { id: number; leaves: Uint8Array | null; top: Uint8Array | null; problem: string | null };

// An entry is at most 65,535 bytes after its two-byte length: a gzip stream that decodes to more is no bundle.
const MAX_ENTRY_BYTES = 2 + 65_535;

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// Directories this thread has made: a mirror's thousands of bundles share a few dozen.
const made = new Set<string>();

/**
 * Written by the thread that decoded it, synchronously: on a machine the log's server shares, the CPU a
 * write costs counts, and an asynchronous one from the main thread cost nearly twice as much (measured).
 */
function keep(bundle: Buffer, path: string): void {
  const dir = dirname(path);
  if (!made.has(dir)) mkdirSync(dir, { recursive: true });
  made.add(dir);
  writeFileSync(path, bundle);
}

export function answerHashRequest(request: THashRequest): THashAnswer {
  const sent = asBuffer(request.bytes);
  const answer = { id: request.id, leaves: null, top: null, problem: null };
  if (request.kind === 'top') return { ...answer, top: fullTileTop(sent) };
  let bundle = sent;
  if (request.gzipped) {
    try {
      bundle = gunzipSync(sent, { maxOutputLength: request.width * MAX_ENTRY_BYTES });
    } catch (error) {
      return { ...answer, problem: `does not decode as the gzip stream it was sent as (${(error as Error).message})` };
    }
  }
  const leaves = leafTileOf(bundle, request.width);
  if (!leaves) return { ...answer, problem: `is not ${request.width} entries` };
  if (request.keepAt) keep(bundle, request.keepAt);
  if (request.keepLeavesAt) keep(leaves, request.keepLeavesAt);
  return { ...answer, leaves, top: request.width === TILE_WIDTH ? fullTileTop(leaves) : null };
}

/** The memory of these views that can move to another thread instead of being copied: each one's own, whole. */
export function movable(...views: (Uint8Array | null)[]): ArrayBuffer[] {
  const whole = views.filter((v): v is Uint8Array => v !== null && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength);
  return [...new Set(whole.map((v) => v.buffer as ArrayBuffer))];
}

function leafTileFrom(answer: THashAnswer): TLeafTile | { problem: string } {
  if (!answer.leaves) return { problem: answer.problem ?? 'could not be hashed' };
  return { leaves: asBuffer(answer.leaves), top: answer.top ? asBuffer(answer.top) : null };
}

export const inThreadHasher: TTileHasher = {
  ready: () => Promise.resolve(),
  leaves: (bundle, width, handling = {}) =>
    Promise.resolve(leafTileFrom(answerHashRequest({ id: 0, kind: 'leaves', bytes: bundle, width, ...handling }))),
  top: (tile) => Promise.resolve(fullTileTop(tile)),
  close: () => Promise.resolve(),
};

// The followers run as TypeScript under tsx (package.json), and a worker thread starts without its loader
// (privatenumber/tsx#354): the worker registers it through tsx's public API before loading its module.
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./tile-hash-worker.ts', import.meta.url).href)}); })`;

type TPending = { resolve(answer: THashAnswer): void; reject(error: Error): void };

/** `threads` workers, each given the next request when it has the fewest waiting. */
export function threadedHasher(threads = availableParallelism()): TTileHasher {
  let nextId = 0;
  const workers = Array.from({ length: Math.max(1, threads) }, () => {
    const worker = new Worker(WORKER_BOOT, { eval: true });
    worker.unref();
    let loaded: { resolve(): void; reject(error: Error): void } = { resolve: () => {}, reject: () => {} };
    const ready = new Promise<void>((resolve, reject) => (loaded = { resolve, reject }));
    ready.catch(() => {}); // a failure is reported to whoever waits for it, or to what is asked later
    const state = { worker, ready, pending: new Map<number, TPending>(), failed: null as Error | null };
    worker.on('message', (answer: THashAnswer | { ready: true }) => {
      if ('ready' in answer) {
        loaded.resolve();
        return;
      }
      state.pending.get(answer.id)?.resolve(answer);
      state.pending.delete(answer.id);
    });
    // A worker that failed (it could not load, or threw) answers nothing more: what waits on it, and
    // whatever is asked of it later, fails with its error instead of waiting forever.
    const fail = (error: Error) => {
      state.failed ??= error;
      loaded.reject(state.failed);
      for (const waiting of state.pending.values()) waiting.reject(state.failed);
      state.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a hashing thread ended (exit code ${code})`)));
    return state;
  });
  function ask(kind: THashRequest['kind'], bytes: Buffer, width: number, handling: TBundleHandling = {}): Promise<THashAnswer> {
    const least = workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    if (least.failed) return Promise.reject(least.failed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      least.pending.set(id, { resolve, reject });
      // A bundle that has its memory to itself (as a response body has) moves to the worker instead of being copied.
      least.worker.postMessage({ id, kind, bytes, width, ...handling } satisfies THashRequest, kind === 'leaves' ? movable(bytes) : []);
    });
  }
  return {
    ready: async () => {
      await Promise.all(workers.map((w) => w.ready));
    },
    leaves: async (bundle, width, handling) => leafTileFrom(await ask('leaves', bundle, width, handling)),
    top: async (tile) => asBuffer((await ask('top', tile, tile.length / HASH_SIZE)).top!),
    close: async () => {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
