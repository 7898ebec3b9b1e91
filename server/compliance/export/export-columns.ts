import 'server-only';

/** The exported fields of an entry: exactly those its leaf hash covers, and its hashes. No personal data. */
export const EXPORT_COLUMNS = ['seq', 'recorded_at', 'event_type', 'consultation_id', 'payload', 'personal_commitment', 'leaf_hash', 'chain_hash'] as const;

export const CSV_HEADER = `${EXPORT_COLUMNS.join(',')}\n`;
