import 'server-only';

/** The exported fields of an entry as exports made before decision 0042 have them: exactly those its leaf hash covers, and its hashes. */
export const FIRST_EXPORT_COLUMNS = [
  'seq',
  'recorded_at',
  'event_type',
  'consultation_id',
  'payload',
  'personal_commitment',
  'leaf_hash',
  'chain_hash',
] as const;

/**
 * The exported fields of an entry made now: the first eight, then `after_password_letter`, the payload's
 * `afterPasswordLetter` copied out for filtering a spreadsheet (docs/decisions/0042): empty or
 * ADMIN/ADVISOR/OPERATOR, covered by the leaf hash only through the payload. Last, so readers that take
 * columns by position keep theirs. No personal data.
 */
export const EXPORT_COLUMNS = [...FIRST_EXPORT_COLUMNS, 'after_password_letter'] as const;

/** The columns of one export, fixed when it was created: its file must stay byte-identical (0025). */
export type TExportColumns = typeof FIRST_EXPORT_COLUMNS | typeof EXPORT_COLUMNS;

export function csvHeader(columns: TExportColumns): string {
  return `${columns.join(',')}\n`;
}

export function hasLetterColumn(columns: TExportColumns): columns is typeof EXPORT_COLUMNS {
  return columns.length === EXPORT_COLUMNS.length;
}

/**
 * The columns an export's `compliance.export_created` payload names (`columns`, written since 0042).
 * An entry without them was written before, when every export had the first eight.
 */
export function columnsFromCreatedPayload(payload: unknown): TExportColumns {
  const named = payload !== null && typeof payload === 'object' ? (payload as { columns?: unknown }).columns : undefined;
  // Absent from every entry written before 0042, and when there is no entry at all.
  if (named === undefined) return FIRST_EXPORT_COLUMNS;
  if (Array.isArray(named) && named.length === EXPORT_COLUMNS.length && named.every((c, i) => c === EXPORT_COLUMNS[i]))
    return EXPORT_COLUMNS;
  throw new Error('export made with columns this version does not know');
}
