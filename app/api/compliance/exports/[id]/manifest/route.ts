import { routeActor } from '@/server/auth/route-actor';
import { signedExportManifest } from '@/server/compliance/export/export-manifest';
import { getLogExport } from '@/server/compliance/export/officer-exports';
import { db } from '@/server/db/client';
import { jsonResponse } from '@/server/request/json-response';

/** The export's manifest, signed, as a JSON file to keep with the export; 409 while the file is still being produced. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await routeActor(['COMPLIANCE']);
  if ('response' in who) return who.response;
  const prisma = await db();
  const exp = await getLogExport(prisma, who.actor, (await params).id);
  if (!exp) return jsonResponse(404, { error: 'not-found' });
  const signed = await signedExportManifest(prisma, exp);
  if (!signed) return jsonResponse(409, { error: 'not-ready', message: 'The export file is still being produced; try again shortly.' });
  return new Response(`${JSON.stringify(signed, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${signed.manifest.file.name}.manifest.json"`,
      'cache-control': 'no-store',
    },
  });
}
