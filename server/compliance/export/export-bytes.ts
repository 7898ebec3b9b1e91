import 'server-only';
import { createHash } from 'node:crypto';
import type { TLogFilter } from '@/server/compliance/log-filter';
import { EXPORT_COLUMNS, type TExportColumns, csvHeader } from '@/server/compliance/export/export-columns';
import { exportLines } from '@/server/compliance/export/export-source';
import type { TOpenDatabase } from '@/server/db/client';
import type { ExportFormat } from '@/server/db/generated/enums';

/** `columns`: those the export was created with (server/compliance/export/created-columns.ts); today's by default. */
export type TExportSpec = { filter: TLogFilter; treeSize: bigint; format: ExportFormat; columns?: TExportColumns };
export type TExportFigures = { rows: bigint; bytes: bigint; sha256: string };

const NEWLINE = 0x0a;

function countLines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

/**
 * The export file's bytes as they come from the database, with its figures once the last chunk is
 * out (`onDone`): the SHA-256 is computed over exactly the bytes handed out. Every record is one line
 * (the payload's JSON has no raw line breaks), so lines count rows.
 */
export async function* exportBytes(
  database: Pick<TOpenDatabase, 'target' | 'pglite'>,
  spec: TExportSpec,
  onDone: (figures: TExportFigures) => Promise<void> | void,
): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let lines = 0;
  let bytes = 0n;
  const emit = (chunk: Buffer) => {
    hash.update(chunk);
    bytes += BigInt(chunk.length);
    lines += countLines(chunk);
    return chunk;
  };
  const columns = spec.columns ?? EXPORT_COLUMNS;
  const header = spec.format === 'CSV' ? 1 : 0;
  if (header) yield emit(Buffer.from(csvHeader(columns), 'utf8'));
  for await (const chunk of exportLines(database, spec.filter, spec.treeSize, spec.format, columns)) yield emit(chunk);
  await onDone({ rows: BigInt(lines - header), bytes, sha256: hash.digest('hex') });
}

/** The same bytes as a web stream that reads the next chunk only when the client has taken the last (back-pressure). */
export function exportStream(chunks: AsyncGenerator<Buffer>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
