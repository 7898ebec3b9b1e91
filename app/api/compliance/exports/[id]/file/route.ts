import { routeActor } from '@/server/auth/route-actor';
import { exportStream } from '@/server/compliance/export/export-bytes';
import { exportFileName } from '@/server/compliance/export/export-manifest';
import { getLogExport } from '@/server/compliance/export/officer-exports';
import { produceExport } from '@/server/compliance/export/produce-export';
import { openProcessDatabase } from '@/server/db/client';

/**
 * The export's file, streamed batch by batch as the client reads it (constant memory, any size). The
 * bytes are the same on every download: the export is fixed to a signed checkpoint.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await routeActor(['COMPLIANCE']);
  if ('response' in who) return who.response;
  const database = await openProcessDatabase();
  const exp = await getLogExport(database.prisma, who.actor, (await params).id);
  if (!exp) return new Response('Not found.', { status: 404 });
  return new Response(exportStream(produceExport(database, exp)), {
    headers: {
      'content-type': exp.format === 'CSV' ? 'text/csv; charset=utf-8' : 'application/jsonl; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(exp)}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
