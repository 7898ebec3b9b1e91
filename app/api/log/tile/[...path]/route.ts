import { z } from 'zod';
import { getActor, isRestricted } from '@/server/auth/current-actor';
import { type TEntryReader, checkAuditorCredential, entryBundleFor } from '@/server/compliance/auditors/entry-bundle-reader';
import { db } from '@/server/db/client';
import { requestLogger } from '@/server/logging/request-logger';
import { readHashTile } from '@/server/transparency/tile-store';
import { parseTilePath } from '@/shared/transparency/tiles';

const ZSegments = z.array(z.string().max(16)).min(2).max(9);

// Tiles never change once served (tlog-tiles): a cache may keep them for a year.
const IMMUTABLE = 'max-age=31536000, immutable';

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(`${body}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers } });

/** Who asks for entry bundles: an auditor's credential, else a compliance officer's session; or the answer to give instead. */
async function entryReader(request: Request): Promise<{ reader: TEntryReader } | { response: Response }> {
  const prisma = await db();
  if (request.headers.has('authorization')) {
    const check = await checkAuditorCredential(prisma, request.headers);
    const log = await requestLogger();
    if (!check.ok) {
      log.warn(
        { entryBundles: 'refused', refused: check.reason, ...(check.credentialId ? { auditorCredential: check.credentialId } : {}) },
        'entry bundles: refused a credential',
      );
      return { response: text(401, 'A valid auditor credential is needed.', { 'www-authenticate': 'Bearer realm="log-entries"' }) };
    }
    log.info({ auditorCredential: check.reader.credentialId }, 'entry bundles: auditor request');
    return { reader: check.reader };
  }
  const actor = await getActor();
  if (!actor || isRestricted(actor)) return { response: text(401, 'Sign in first.', { 'www-authenticate': 'Bearer realm="log-entries"' }) };
  if (actor.kind !== 'COMPLIANCE') return { response: text(404, 'Not found.') };
  return { reader: { kind: 'officer', actor } };
}

/**
 * The log as C2SP tlog-tiles below the prefix /api/log (its checkpoint is /api/log/checkpoint). Hash
 * tiles are public: hashes only, all a witness or a monitor of append-only-ness needs. Entry bundles
 * show what happened when, so only compliance officers and auditors with a credential read them
 * (docs/decisions/0057). A full bundle is kept compressed (0062) and sent decompressed.
 */
export async function GET(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const segments = ZSegments.safeParse((await params).path);
  const tile = segments.success ? parseTilePath(segments.data) : null;
  if (!tile) return text(404, 'Not a tile of this log.');
  if (tile.level !== 'entries') {
    const bytes = await readHashTile(await db(), { ...tile, level: tile.level });
    if (!bytes) return text(404, 'No such tile (yet): beyond the newest checkpoint.');
    return new Response(new Uint8Array(bytes), {
      headers: { 'content-type': 'application/octet-stream', 'cache-control': `public, ${IMMUTABLE}`, 'access-control-allow-origin': '*' },
    });
  }
  const who = await entryReader(request);
  if ('response' in who) return who.response;
  const bundle = await entryBundleFor(await db(), who.reader, { ...tile, level: 'entries' });
  if (!bundle) {
    return who.reader.kind === 'auditor'
      ? text(403, "Not readable with this credential: beyond the newest checkpoint, or entries outside the credential's range.")
      : text(404, 'No such entry bundle (yet): beyond the newest checkpoint.');
  }
  // Sent as the entries' bytes: Next removes a handler's own Content-Encoding, so bytes compressed ahead
  // would arrive undecoded, and the app's server compresses no handler's answer (0045).
  return new Response(new Uint8Array(bundle), {
    headers: { 'content-type': 'application/octet-stream', 'cache-control': `private, ${IMMUTABLE}`, vary: 'authorization, cookie' },
  });
}
