// Reading a tlog-tiles log over HTTP: the gateway's /api/log, or a mirror of it on any static web server;
// or a mirror's directory on this machine (a file: URL), read as a web server would serve it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type TTile, tilePath } from '@/shared/transparency/tiles';

export type TTileAnswer = { kind: 'ok'; bytes: Buffer } | { kind: 'missing' } | { kind: 'forbidden'; status: number };

export type TRemoteLog = {
  prefix: string;
  checkpoint(): Promise<string>;
  tile(tile: TTile): Promise<TTileAnswer>;
};

export class RemoteLogError extends Error {}

/** A mirror's directory (tile-directory.ts's layout): a file that is not there is a tile not served. */
function localLog(prefix: string): TRemoteLog {
  const dir = fileURLToPath(prefix);
  const read = async (path: string): Promise<Buffer | null> => {
    try {
      return await readFile(`${dir}/${path}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new RemoteLogError(`${dir}/${path}: ${(error as Error).message}`);
    }
  };
  return {
    prefix,
    async checkpoint() {
      const bytes = await read('checkpoint');
      if (!bytes) throw new RemoteLogError(`${dir}/checkpoint: not there`);
      return bytes.toString('utf8');
    },
    async tile(tile) {
      const bytes = await read(tilePath(tile));
      return bytes ? { kind: 'ok', bytes } : { kind: 'missing' };
    },
  };
}

/** The log at `prefix` (its checkpoint is `<prefix>/checkpoint`); `bearer` is sent for entry bundles only. */
export function remoteLog(prefix: string, bearer?: string): TRemoteLog {
  const base = prefix.replace(/\/+$/, '');
  if (base.startsWith('file:')) return localLog(base);
  async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    try {
      // fetch asks for gzip and decompresses what comes compressed.
      return await fetch(`${base}/${path}`, { headers, redirect: 'error' });
    } catch (error) {
      throw new RemoteLogError(
        `${base}/${path}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`,
      );
    }
  }
  return {
    prefix: base,
    async checkpoint() {
      const response = await get('checkpoint');
      if (!response.ok) throw new RemoteLogError(`${base}/checkpoint: HTTP ${response.status}`);
      return response.text();
    },
    async tile(tile) {
      const authorization = tile.level === 'entries' && bearer ? { authorization: `Bearer ${bearer}` } : undefined;
      const response = await get(tilePath(tile), authorization);
      if (response.ok) return { kind: 'ok', bytes: Buffer.from(await response.arrayBuffer()) };
      await response.body?.cancel();
      if (response.status === 404) return { kind: 'missing' };
      if (response.status === 401 || response.status === 403) return { kind: 'forbidden', status: response.status };
      throw new RemoteLogError(`${base}/${tilePath(tile)}: HTTP ${response.status}`);
    },
  };
}

/** Runs `work` over `items` with at most `width` at a time, results in order. */
export async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}
