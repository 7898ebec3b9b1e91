// Where a follower's digests are computed: on worker threads (one per core) while the main thread fetches
// the next tiles, or on the calling thread (tests, small logs). Both give what tile-hashing.ts computes.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fullTileTop, leafTileOf } from '@/log-follower/tile-hashing';
import { HASH_SIZE, TILE_WIDTH } from '@/shared/transparency/tiles';

/** The level-0 tile an entry bundle makes, and the hash its parent holds for it if it is full. */
export type TLeafTile = { leaves: Buffer; top: Buffer | null };

export type TTileHasher = {
  /** Resolves once every thread has loaded its code (a constant of starting the program, not work per entry). */
  ready(): Promise<void>;
  /** Null if the bundle is not exactly `width` entries. The bundle's memory may move to a worker: do not use it after. */
  leaves(bundle: Buffer, width: number): Promise<TLeafTile | null>;
  /** The hash the parent tile holds for a full hash tile. */
  top(tile: Buffer): Promise<Buffer>;
  close(): Promise<void>;
};

export type THashRequest = { id: number; kind: 'leaves' | 'top'; bytes: Uint8Array; width: number };
export type THashAnswer = { id: number; leaves: Uint8Array | null; top: Uint8Array | null };

export function answerHashRequest(request: THashRequest): THashAnswer {
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  if (request.kind === 'top') return { id: request.id, leaves: null, top: fullTileTop(bytes) };
  const leaves = leafTileOf(bytes, request.width);
  return { id: request.id, leaves, top: leaves && request.width === TILE_WIDTH ? fullTileTop(leaves) : null };
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function leafTileFrom(answer: THashAnswer): TLeafTile | null {
  return answer.leaves ? { leaves: asBuffer(answer.leaves), top: answer.top ? asBuffer(answer.top) : null } : null;
}

export const inThreadHasher: TTileHasher = {
  ready: () => Promise.resolve(),
  leaves: (bundle, width) => Promise.resolve(leafTileFrom(answerHashRequest({ id: 0, kind: 'leaves', bytes: bundle, width }))),
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
  function ask(kind: THashRequest['kind'], bytes: Buffer, width: number): Promise<THashAnswer> {
    const least = workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    if (least.failed) return Promise.reject(least.failed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      least.pending.set(id, { resolve, reject });
      // A bundle that has its memory to itself (as a response body has) moves to the worker instead of being copied.
      const whole = kind === 'leaves' && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      least.worker.postMessage({ id, kind, bytes, width } satisfies THashRequest, whole ? [bytes.buffer as ArrayBuffer] : []);
    });
  }
  return {
    ready: async () => {
      await Promise.all(workers.map((w) => w.ready));
    },
    leaves: async (bundle, width) => leafTileFrom(await ask('leaves', bundle, width)),
    top: async (tile) => asBuffer((await ask('top', tile, tile.length / HASH_SIZE)).top!),
    close: async () => {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
