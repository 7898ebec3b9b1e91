import 'server-only';
import { type TCanonicalValue, canonicalJson } from '@/server/crypto/canonical-json';

/** One exported entry: exactly the fields its leaf hash covers, and its hashes. No personal data. */
export type TExportRow = {
  seq: string;
  recordedAt: Date;
  eventType: string;
  consultationId: string | null;
  payload: TCanonicalValue;
  personalCommitment: string | null;
  leafHash: string;
  chainHash: string;
};

export const EXPORT_COLUMNS = ['seq', 'recorded_at', 'event_type', 'consultation_id', 'payload', 'personal_commitment', 'leaf_hash', 'chain_hash'] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const CSV_HEADER = `${EXPORT_COLUMNS.join(',')}\r\n`;

/** A CSV record (CRLF-terminated, as RFC 4180 has it); the payload as canonical JSON, as its hash covers it. */
export function csvRecord(row: TExportRow): string {
  return `${row.seq},${row.recordedAt.toISOString()},${csvField(row.eventType)},${row.consultationId ?? ''},${csvField(canonicalJson(row.payload))},${row.personalCommitment ?? ''},${row.leafHash},${row.chainHash}\r\n`;
}

/** A JSON Lines record: one object per line, keys in column order. */
export function jsonLine(row: TExportRow): string {
  return `{"seq":${row.seq},"recordedAt":"${row.recordedAt.toISOString()}","eventType":${JSON.stringify(row.eventType)},"consultationId":${row.consultationId === null ? 'null' : `"${row.consultationId}"`},"payload":${canonicalJson(row.payload)},"personalCommitment":${row.personalCommitment === null ? 'null' : `"${row.personalCommitment}"`},"leafHash":"${row.leafHash}","chainHash":"${row.chainHash}"}\n`;
}
