import 'server-only';
import { createHash } from 'node:crypto';
import type { TLogFilter } from '@/server/compliance/log-filter';
import { CSV_HEADER, csvRecord, jsonLine } from '@/server/compliance/export/export-columns';
import { exportRows } from '@/server/compliance/export/export-rows';
import type { TOpenDatabase } from '@/server/db/client';
import type { ExportFormat } from '@/server/db/generated/enums';

export type TExportSpec = { filter: TLogFilter; treeSize: bigint; format: ExportFormat };
export type TExportFigures = { rows: bigint; bytes: bigint; sha256: string };

/**
 * The export file's bytes, one chunk per batch of entries, with its figures once the last chunk is
 * out (`onDone`): the SHA-256 is computed over exactly the bytes handed out.
 */
export async function* exportBytes(database: Pick<TOpenDatabase, 'target' | 'pglite'>, spec: TExportSpec, onDone: (figures: TExportFigures) => Promise<void> | void): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let rows = 0n;
  let bytes = 0n;
  const emit = (text: string) => {
    const chunk = Buffer.from(text, 'utf8');
    hash.update(chunk);
    bytes += BigInt(chunk.length);
    return chunk;
  };
  if (spec.format === 'CSV') yield emit(CSV_HEADER);
  const line = spec.format === 'CSV' ? csvRecord : jsonLine;
  for await (const batch of exportRows(database, spec.filter, spec.treeSize)) {
    let text = '';
    for (const row of batch) text += line(row);
    rows += BigInt(batch.length);
    yield emit(text);
  }
  await onDone({ rows, bytes, sha256: hash.digest('hex') });
}

/** The same bytes as a web stream that reads the next batch only when the client has taken the last (back-pressure). */
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
