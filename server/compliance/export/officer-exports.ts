import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { isRecordId } from '@/server/four-eyes/four-eyes';
import type { TDb } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';

const EXPORT_SELECT = {
  id: true,
  format: true,
  filter: true,
  reason: true,
  treeSize: true,
  createdAt: true,
  rowCount: true,
  byteCount: true,
  sha256: true,
  completedAt: true,
  officerId: true,
} satisfies Prisma.LogExportSelect;

/** Exports, newest first, for compliance officers (every officer sees every export: they audit each other). */
export async function listLogExports(prisma: TDb, actor: TActor, take = 20) {
  if (actor.kind !== 'COMPLIANCE') return null;
  return prisma.logExport.findMany({ orderBy: { createdAt: 'desc' }, take, select: EXPORT_SELECT });
}

export async function getLogExport(prisma: TDb, actor: TActor, id: string) {
  if (actor.kind !== 'COMPLIANCE' || !isRecordId(id)) return null;
  return prisma.logExport.findUnique({ where: { id }, select: EXPORT_SELECT });
}

export type TLogExport = NonNullable<Awaited<ReturnType<typeof getLogExport>>>;
