import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { db } from '@/server/db/client';
import { type TStandInService, standInService } from '@/server/video/stand-in';
import { countryNames } from '@/shared/country-names';

type TParams = { params: Promise<{ service: string; room: string }> };

const ZStandInPath = z.object({ service: z.string().regex(/^[a-z0-9-]{1,64}$/), room: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/) });

async function load(params: TParams['params']): Promise<{ service: TStandInService; room: string }> {
  const parsed = ZStandInPath.safeParse(await params);
  const service = parsed.success ? await standInService(await db(), parsed.data.service) : null;
  if (!parsed.success || !service) notFound();
  return { service, room: parsed.data.room };
}

// One title for every stand-in: a 404 decided in the metadata as well as in the page streamed its parts in
// varying order, and a missing service must read exactly like another one's (the authorization matrix).
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('standIn'))('documentTitle') };
}

/**
 * Where a demo service's "join" leads (docs/decisions/0069): the gateway's own page in place of the
 * service's call screen, so the demo never sends anyone to a real service. Says so before anything else.
 */
export default async function StandInPage({ params }: TParams) {
  const { service, room } = await load(params);
  const t = await getTranslations('standIn');
  const locale = await getLocale();
  const abroad = service.processingRegion === 'THIRD_COUNTRY';
  return (
    <>
      <div className="notice">
        <p>
          <strong>{t('demoNotice')}</strong> {t('demoExplained', { service: service.name })}
        </p>
      </div>
      <h1>{t('title', { service: service.name })}</h1>
      <section className="stand-in-call" aria-label={t('callLabel', { service: service.name })}>
        <p className="stand-in-call__bar">
          {service.name} · {t('room', { room })}
        </p>
        <ul className="stand-in-call__tiles">
          <li>
            <span className="stand-in-call__name">{t('advisorTile')}</span>
            <span className="stand-in-call__state">{t('waiting')}</span>
          </li>
          <li>
            <span className="stand-in-call__name">{t('youTile')}</span>
            <span className="stand-in-call__state">{t('cameraOff')}</span>
          </li>
        </ul>
      </section>
      <h2>{t('realHeading')}</h2>
      <p>
        {abroad
          ? t('realAbroad', { service: service.name, operator: service.operator, countries: countryNames(service.thirdCountries, locale) })
          : t('realEea', { service: service.name, operator: service.operator })}
      </p>
      <p>{t('withdrawHint')}</p>
      <p>
        <a href="/">{t('back')}</a>
      </p>
    </>
  );
}
