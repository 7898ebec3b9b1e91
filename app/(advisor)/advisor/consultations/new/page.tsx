import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { TIME_ZONE } from '@/i18n/locales';
import { requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { scheduleAction } from './actions';
import { ScheduleForm } from './schedule-form';
import { scheduleFormTexts } from './schedule-labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('schedule'))('title') };
}

export default async function NewConsultationPage() {
  await requireActor(['ADVISOR']);
  const t = await getTranslations('schedule');
  const tc = await getTranslations('common');
  const services = await (await db()).videoService.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
  // Today on Berlin's clock, as the date field's earliest choice.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
  return (
    <>
      <p>
        <a href="/advisor">{tc('back')}</a>
      </p>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <ScheduleForm
        action={scheduleAction}
        today={today}
        services={services}
        {...(await scheduleFormTexts(t('submit')))}
      />
    </>
  );
}
