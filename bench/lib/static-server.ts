// A plain static file server over a directory (the baseline a mirror is measured against: what any web
// server does with the copied files), and a fetcher that reads a list of paths with bounded parallelism.
import { createReadStream, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { httpGetter } from '@/log-follower/http-get';

export async function serveDirectory(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const root = path.resolve(dir);
  const server: Server = createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let size: number;
    try {
      const stat = statSync(file);
      if (!file.startsWith(root) || !stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Fetches every path below `base` (16 at a time), reads each body whole, with the client the mirror uses
 * and asking what it asks (an entry bundle gzip-compressed, which a static server ignores): so the mirror
 * and this baseline differ in the server and in the mirror's own work, not in the client. The bytes
 * fetched, as sent.
 */
export async function fetchAll(base: string, paths: string[], parallel = 16, headers: Record<string, string> = {}): Promise<number> {
  const http = httpGetter({ sockets: parallel });
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const answer = await http.get(
        `${base}/${path}`,
        path.startsWith('tile/entries/') ? { ...headers, 'accept-encoding': 'gzip' } : headers,
      );
      if (answer.status !== 200) throw new Error(`${base}/${path}: ${answer.status}`);
      bytes += answer.body.length;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return bytes;
}
