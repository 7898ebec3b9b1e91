import 'server-only';
import { createdExportColumns } from '@/server/compliance/export/created-columns';
import { hasLetterColumn } from '@/server/compliance/export/export-columns';
import type { TLogExport } from '@/server/compliance/export/officer-exports';
import { LOG_FORMAT_VERSION } from '@/server/audit-log/entry-hashing';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { signDetached } from '@/server/crypto/detached-jws';
import { logSigner } from '@/server/transparency/checkpoints';
import type { TDb } from '@/server/db/client';
import { env } from '@/server/env';
import { memberPseudonym } from '@/server/compliance/member-pseudonym';

/** An export's filter as people read it: a member by pseudonym, never by account id. */
export function filterAsShown(filter: unknown): Record<string, string> {
  const shown: Record<string, string> = { ...(filter as Record<string, string>) };
  if (shown.member) shown.member = memberPseudonym(shown.member);
  return shown;
}

export function exportFileName(exp: Pick<TLogExport, 'id' | 'format'>): string {
  return `consent-log-export-${exp.id}.${exp.format === 'CSV' ? 'csv' : 'jsonl'}`;
}

/**
 * The log entry that fixed the export's figures, the file's SHA-256 among them (completeLogExport
 * writes it in the same transaction); integrated first if it is still queued.
 */
async function committingEntry(prisma: TDb, exportId: string) {
  const find = () =>
    prisma.logEntry.findFirst({
      where: { eventType: LOG_EVENT.exportCompleted, payload: { path: ['exportId'], equals: exportId } },
      select: { seq: true, leafHash: true, recordedAt: true },
    });
  const found = await find();
  if (found) return found;
  await integrateQueuedEntries(prisma);
  return find();
}

/**
 * What an auditor needs to check the file without trusting the gateway: the filter, the row count,
 * the file's SHA-256, the signed checkpoint that covers every row, and the log entry that commits the
 * file's figures, with how to use them. Null until the file has been produced in full once.
 */
export async function exportManifest(prisma: TDb, exp: TLogExport) {
  if (!exp.completedAt || exp.sha256 === null || exp.rowCount === null || exp.byteCount === null) return null;
  const [checkpoint, columns, committed] = await Promise.all([
    prisma.logCheckpoint.findUnique({
      where: { treeSize: exp.treeSize },
      select: { note: true, rootHash: true, createdAt: true },
    }),
    createdExportColumns(prisma, exp.id),
    committingEntry(prisma, exp.id),
  ]);
  if (!committed) throw new Error(`export ${exp.id} is complete but no log entry commits it`);
  return {
    manifest: 'consent-gateway/log-export-manifest/v2',
    export: { id: exp.id, createdAt: exp.createdAt.toISOString(), officerId: exp.officerId, reason: exp.reason },
    filter: filterAsShown(exp.filter),
    file: {
      name: exportFileName(exp),
      mediaType: exp.format === 'CSV' ? 'text/csv; charset=utf-8' : 'application/jsonl; charset=utf-8',
      columns,
      rows: Number(exp.rowCount),
      bytes: Number(exp.byteCount),
      sha256: exp.sha256,
      producedAt: exp.completedAt.toISOString(),
    },
    coveredBy: {
      origin: env().LOG_ORIGIN,
      treeSize: Number(exp.treeSize),
      checkpoint: checkpoint
        ? { rootHash: checkpoint.rootHash, signedAt: checkpoint.createdAt.toISOString(), note: checkpoint.note }
        : null,
      verifierKeys: '/.well-known/consent-log-keys',
    },
    committedBy: {
      eventType: LOG_EVENT.exportCompleted,
      seq: committed.seq.toString(),
      leafIndex: Number(committed.seq - 1n),
      leafHash: committed.leafHash,
      recordedAt: committed.recordedAt.toISOString(),
    },
    verification: [
      'jws is an EdDSA JWS with a detached payload (RFC 7515 appendix F) over the canonical JSON (RFC 8785 style) of manifest, by a key published at /.well-known/consent-log-keys (kid: <key name>+<key id>).',
      'committedBy is the log entry that records this file: its payload names export.id with file.rows, file.bytes and file.sha256. Prove it with GET /api/log/proofs/inclusion?index=<committedBy.leafIndex>&treeSize=<a later checkpoint>.',
      'sha256sum of the file equals file.sha256.',
      `Each row's leaf hash is SHA-256(0x00 || UTF-8 of the canonical JSON (RFC 8785 style) of {v: ${LOG_FORMAT_VERSION}, seq (decimal string), recordedAt, eventType, consultationId, payload, personalCommitment}).`,
      'Each leaf is in the tree of the checkpoint: GET /api/log/proofs/inclusion?index=<seq-1>&treeSize=<treeSize>, checked per RFC 9162 against the checkpoint root; the checkpoint note verifies with a published key.',
      'Consecutive rows of an unfiltered export also chain: chain_hash(n) = SHA-256(chain_hash(n-1) || leaf_hash(n)).',
      ...(hasLetterColumn(columns)
        ? [
            'after_password_letter (JSON Lines: afterPasswordLetter) is not hashed on its own: it must equal payload.afterPasswordLetter, or be empty (null) where the payload has none.',
          ]
        : []),
    ],
  };
}

/**
 * The manifest as a file to keep: the manifest and a JWS over it with the log's key, so it is evidence
 * in itself and not only a page of the gateway. Without a signing key the JWS is null (said so).
 */
export async function signedExportManifest(prisma: TDb, exp: TLogExport) {
  const manifest = await exportManifest(prisma, exp);
  if (!manifest) return null;
  const key = logSigner();
  return { manifest, jws: key ? await signDetached(manifest, key, 'log-export-manifest+json') : null };
}
