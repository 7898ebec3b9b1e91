'use server';

import { after } from 'next/server';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { requireActor } from '@/server/auth/current-actor';
import { createLogExport } from '@/server/compliance/export/create-export';
import { getLogExport } from '@/server/compliance/export/officer-exports';
import { prepareExportManifest } from '@/server/compliance/export/produce-export';
import { type TLogFilterField, ZLogFilter, filterQuery } from '@/server/compliance/log-filter';
import { ZOfficerReason } from '@/server/compliance/officer-reason';
import { openProcessDatabase } from '@/server/db/client';
import { trackBackgroundTask } from '@/server/observability/graceful-shutdown';
import { formDataArgument } from '@/server/request/form-data-argument';

const ZExportForm = z.object({ format: z.enum(['CSV', 'JSONL']), reason: ZOfficerReason });
// Every field of the explorer's filter, checked by the compiler: a new filter cannot be left out of exports.
const FILTER_FIELDS = Object.keys({
  from: true,
  to: true,
  consultation: true,
  advisor: true,
  member: true,
  event: true,
  status: true,
  service: true,
  afterPasswordLetter: true,
} satisfies Record<TLogFilterField, true>);

/**
 * "Export this selection": the explorer's filter (hidden fields), a format and a reason. The file is
 * produced once in the background right away, so the manifest is ready when the officer looks.
 */
export async function createExportAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const filter = ZLogFilter.safeParse(Object.fromEntries(FILTER_FIELDS.map((f) => [f, text(f) ?? ''])));
  const form = ZExportForm.safeParse({ format: text('format'), reason: text('reason') });
  if (!filter.success) redirect('/compliance/log?export=invalid#export-heading');
  if (!form.success) redirect(`/compliance/log?${new URLSearchParams({ ...filterQuery(filter.data), export: 'invalid' })}#export-heading`);
  const database = await openProcessDatabase();
  const created = await createLogExport(database.prisma, actor, { filter: filter.data, ...form.data });
  if (!created) notFound();
  // Shutdown waits for the export to be written (within its grace period) before it closes the database.
  after(() =>
    trackBackgroundTask(
      (async () => {
        const exp = await getLogExport(database.prisma, actor, created.id);
        if (exp) await prepareExportManifest(database, exp);
      })(),
    ),
  );
  redirect(`/compliance/exports/${created.id}`);
}
