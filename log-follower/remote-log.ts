// Reading a tlog-tiles log over HTTP: the gateway's /api/log, or a mirror of it on any static web server;
// or a mirror's directory on this machine (a file: URL), read as a web server would serve it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type THttpAnswer, httpGetter } from '@/log-follower/http-get';
import { type TTile, tilePath } from '@/shared/transparency/tiles';

/** `gzipped`: the bytes are an entry bundle's gzip stream, as the server sent it. */
export type TTileAnswer = { kind: 'ok'; bytes: Buffer; gzipped?: true } | { kind: 'missing' } | { kind: 'forbidden'; status: number };

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

/**
 * The log at `prefix` (its checkpoint is `<prefix>/checkpoint`); `bearer` is sent for entry bundles only.
 * Entry bundles are asked for gzip-compressed (the gateway sends a kept one as kept) and handed on as
 * sent, marked `gzipped`, for the hashing thread to decode.
 */
export function remoteLog(prefix: string, bearer?: string): TRemoteLog {
  const base = prefix.replace(/\/+$/, '');
  if (base.startsWith('file:')) return localLog(base);
  const http = httpGetter();
  async function get(path: string, headers: Record<string, string> = {}): Promise<THttpAnswer> {
    try {
      return await http.get(`${base}/${path}`, headers);
    } catch (error) {
      throw new RemoteLogError(`${base}/${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    prefix: base,
    async checkpoint() {
      const answer = await get('checkpoint');
      if (answer.status !== 200) throw new RemoteLogError(`${base}/checkpoint: HTTP ${answer.status}`);
      const encoding = answer.headers['content-encoding'] ?? 'identity';
      if (encoding !== 'identity') throw new RemoteLogError(`${base}/checkpoint: sent ${encoding}-encoded, which was not asked for`);
      return answer.body.toString('utf8');
    },
    async tile(tile) {
      const entries = tile.level === 'entries';
      const headers: Record<string, string> = entries ? { 'accept-encoding': 'gzip' } : {};
      if (entries && bearer) headers.authorization = `Bearer ${bearer}`;
      const answer = await get(tilePath(tile), headers);
      if (answer.status === 200) {
        const encoding = answer.headers['content-encoding'] ?? 'identity';
        if (encoding === 'identity') return { kind: 'ok', bytes: answer.body };
        if (entries && encoding === 'gzip') return { kind: 'ok', bytes: answer.body, gzipped: true };
        throw new RemoteLogError(`${base}/${tilePath(tile)}: sent ${encoding}-encoded, which was not asked for`);
      }
      if (answer.status === 404) return { kind: 'missing' };
      if (answer.status === 401 || answer.status === 403) return { kind: 'forbidden', status: answer.status };
      throw new RemoteLogError(`${base}/${tilePath(tile)}: HTTP ${answer.status}`);
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
