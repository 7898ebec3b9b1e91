'use server';

import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import type { TFieldError } from '@/components/error-summary';
import { requireActor } from '@/server/auth/current-actor';
import {
  type TScheduleField,
  ZRescheduleInput,
  ZScheduleInput,
  rescheduleConsultation,
  scheduleConsultation,
} from '@/server/scheduling/schedule-consultation';
import { ZConsultationId } from '@/server/consultation/member-consultation';
import { formDataArgument } from '@/server/request/form-data-argument';

export type TScheduleState = { errors: TFieldError[]; values: Record<string, string> };

const FIELD_OF: Record<TScheduleField, string> = {
  member: 'member',
  memberUnknown: 'member',
  topic: 'topic',
  when: 'date',
  whenPast: 'date',
  durationMinutes: 'durationMinutes',
  videoServiceId: 'videoServiceId',
};

const CODE_OF_INPUT: Record<string, TScheduleField> = {
  member: 'member',
  topic: 'topic',
  date: 'when',
  time: 'when',
  durationMinutes: 'durationMinutes',
  videoServiceId: 'videoServiceId',
};

/** What was typed, cut to the fields' lengths, to show again with the errors. */
function clip(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value.slice(0, 120)]));
}

/** A form field as text; a missing or file field is empty. */
function textOf(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
}

export async function scheduleAction(_previous: TScheduleState, untrustedForm: unknown): Promise<TScheduleState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADVISOR']);
  const t = await getTranslations('schedule.errors');
  const text = (name: string) => textOf(formData, name);
  const values = {
    member: text('member'),
    topic: text('topic'),
    date: text('date'),
    time: text('time'),
    durationMinutes: text('durationMinutes'),
    videoServiceId: text('videoServiceId'),
  };
  const parsed = ZScheduleInput.safeParse(values);
  if (!parsed.success) {
    // Only overlong input fails here: name the fields, as for any other mistake.
    const codes = [...new Set(parsed.error.issues.map((issue) => CODE_OF_INPUT[String(issue.path[0])] ?? 'when'))];
    return { errors: codes.map((code) => ({ field: FIELD_OF[code], message: t(code) })), values: clip(values) };
  }
  const result = await scheduleConsultation(actor, parsed.data);
  if (result.kind === 'not-allowed') notFound();
  if (result.kind === 'scheduled') redirect(`/advisor/consultations/${result.consultationId}?done=scheduled`);
  return { errors: result.errors.map((code) => ({ field: FIELD_OF[code], message: t(code) })), values };
}

/** Changes an open consultation's details (same form, without the member). */
export async function rescheduleAction(_previous: TScheduleState, untrustedForm: unknown): Promise<TScheduleState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADVISOR']);
  const t = await getTranslations('schedule.errors');
  const text = (name: string) => textOf(formData, name);
  const id = ZConsultationId.safeParse(formData.get('consultationId'));
  if (!id.success) notFound();
  const values = {
    topic: text('topic'),
    date: text('date'),
    time: text('time'),
    durationMinutes: text('durationMinutes'),
    videoServiceId: text('videoServiceId'),
  };
  const parsed = ZRescheduleInput.safeParse(values);
  if (!parsed.success) {
    const codes = [...new Set(parsed.error.issues.map((issue) => CODE_OF_INPUT[String(issue.path[0])] ?? 'when'))];
    return { errors: codes.map((code) => ({ field: FIELD_OF[code], message: t(code) })), values };
  }
  const result = await rescheduleConsultation(actor, id.data, parsed.data);
  if (result.kind === 'not-found') notFound();
  if (result.kind === 'invalid') return { errors: result.errors.map((code) => ({ field: FIELD_OF[code], message: t(code) })), values };
  redirect(`/advisor/consultations/${id.data}?done=${result.kind}`);
}
