import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireActor } from '@/server/auth/current-actor';
import { utcToBerlinFields } from '@/server/consultation/berlin-time';
import { listVideoServices } from '@/server/scheduling/schedule-consultation';
import { scheduleAction } from './actions';
import { ScheduleForm } from './schedule-form';
import { scheduleFormTexts } from './schedule-labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('schedule'))('title') };
}

export default async function NewConsultationPage() {
  const actor = await requireActor(['ADVISOR']);
  const t = await getTranslations('schedule');
  const tc = await getTranslations('common');
  const services = await listVideoServices(actor);
  // Today on Berlin's clock, as the date field's earliest choice.
  const today = utcToBerlinFields(new Date()).date;
  return (
    <>
      <p>
        <a href="/advisor">{tc('back')}</a>
      </p>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <ScheduleForm action={scheduleAction} today={today} services={services} {...await scheduleFormTexts(t('submit'))} />
    </>
  );
}
