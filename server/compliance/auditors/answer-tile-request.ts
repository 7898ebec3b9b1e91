import 'server-only';
import type { Logger } from 'pino';
import { z } from 'zod';
import { type TEntryReader, type TKeptRow, checkAuditorCredential, entryBundleFor } from '@/server/compliance/auditors/entry-bundle-reader';
import type { TOpenDatabase } from '@/server/db/client';
import { readHashTile } from '@/server/transparency/tile-store';
import { TILE_WIDTH, type TTile, parseTilePath } from '@/shared/transparency/tiles';

/** An answer to a request for one of the log's tiles, independent of the server that sends it. */
export type TTileAnswer = { status: number; headers: Record<string, string>; body: Uint8Array };

const ZSegments = z.array(z.string().max(16)).min(2).max(9);

// Tiles never change once served (tlog-tiles): a cache may keep them for a year.
const IMMUTABLE = 'max-age=31536000, immutable';

const text = (status: number, body: string, headers: Record<string, string> = {}): TTileAnswer => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: new TextEncoder().encode(`${body}\n`),
});

/** The database a tile is read from: Prisma, and the bare driver for the auditor's hot statement. */
export type TTileDatabase = Pick<TOpenDatabase, 'prisma' | 'direct'>;

const SIGN_IN = { 'www-authenticate': 'Bearer realm="log-entries"' };

/** A reader from the request's session (a compliance officer), or the answer to give instead. */
export type TSessionReader = () => Promise<{ reader: TEntryReader } | { refused: 'sign-in' | 'not-found' }>;

/**
 * Who asks for entry bundles: an auditor's credential (read with the bundle if it is a kept one), else the
 * session's reader; or the answer to give instead.
 */
async function entryReader(
  database: TTileDatabase,
  tile: TTile,
  headers: Headers,
  fromSession: TSessionReader,
  log: Logger,
): Promise<{ reader: TEntryReader; kept?: TKeptRow | null } | { answer: TTileAnswer }> {
  if (headers.has('authorization')) {
    const check = await checkAuditorCredential(database, headers, new Date(), tile.width === TILE_WIDTH ? tile.index : null);
    if (!check.ok) {
      log.warn(
        { entryBundles: 'refused', refused: check.reason, ...(check.credentialId ? { auditorCredential: check.credentialId } : {}) },
        'entry bundles: refused a credential',
      );
      return { answer: text(401, 'A valid auditor credential is needed.', SIGN_IN) };
    }
    log.info({ auditorCredential: check.reader.credentialId }, 'entry bundles: auditor request');
    return { reader: check.reader, kept: check.kept ?? null };
  }
  const session = await fromSession();
  if ('reader' in session) return session;
  return { answer: session.refused === 'sign-in' ? text(401, 'Sign in first.', SIGN_IN) : text(404, 'Not found.') };
}

/** A request for a tile: the path's segments below /api/log/tile, its headers, and what the server sending the answer allows. */
export type TTileRequest = {
  segments: readonly string[];
  headers: Headers;
  fromSession: TSessionReader;
  log: Logger;
  /** The client takes gzip and the server sends the answer as given: a kept bundle goes out as kept (0063). */
  gzipTaken: boolean;
};

/**
 * The log as C2SP tlog-tiles below the prefix /api/log (its checkpoint is /api/log/checkpoint). Hash
 * tiles are public: hashes only, all a witness or a monitor of append-only-ness needs. Entry bundles
 * show what happened when, so only compliance officers and auditors with a credential read them
 * (docs/decisions/0057). A full bundle is kept compressed (0062). Answered by the route handler and, for
 * what needs no session, by the app's server itself (0063).
 */
export async function answerTileRequest(database: TTileDatabase, request: TTileRequest): Promise<TTileAnswer> {
  const { prisma } = database;
  const parsed = ZSegments.safeParse(request.segments);
  const tile = parsed.success ? parseTilePath(parsed.data) : null;
  if (!tile) return text(404, 'Not a tile of this log.');
  if (tile.level !== 'entries') {
    const bytes = await readHashTile(prisma, { ...tile, level: tile.level });
    if (!bytes) return text(404, 'No such tile (yet): beyond the newest checkpoint.');
    return {
      status: 200,
      headers: { 'content-type': 'application/octet-stream', 'cache-control': `public, ${IMMUTABLE}`, 'access-control-allow-origin': '*' },
      body: bytes,
    };
  }
  const who = await entryReader(database, tile, request.headers, request.fromSession, request.log);
  if ('answer' in who) return who.answer;
  const bundle = await entryBundleFor(
    prisma,
    who.reader,
    { ...tile, level: 'entries' },
    { kept: who.kept ?? null, asKept: request.gzipTaken },
  );
  if (!bundle) {
    return who.reader.kind === 'auditor'
      ? text(403, "Not readable with this credential: beyond the newest checkpoint, or entries outside the credential's range.")
      : text(404, 'No such entry bundle (yet): beyond the newest checkpoint.');
  }
  // A kept bundle is one gzip stream, made once and the same for every request, with nothing a requester
  // chose beside its entries: what makes compressed answers unsafe elsewhere (BREACH, 0045) is not there.
  // Through Next it goes out decompressed: Next removes a handler's own Content-Encoding.
  return {
    status: 200,
    headers: {
      'content-type': 'application/octet-stream',
      'cache-control': `private, ${IMMUTABLE}`,
      vary: 'authorization, cookie, accept-encoding',
      ...(bundle.gzipped ? { 'content-encoding': 'gzip' } : {}),
    },
    body: bundle.bytes,
  };
}
