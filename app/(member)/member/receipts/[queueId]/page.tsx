import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { MEMBER_KINDS, requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { hasKantaraView } from '@/server/receipts/kantara-view';
import { receiptEventKey } from '@/server/receipts/receipt-format';
import { ZReceiptQueueId, getMemberReceipt } from '@/server/receipts/member-receipt';
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { publishedVerifierKeys } from '@/server/transparency/checkpoints';
import { ReceiptView } from './receipt-view';

type TParams = { params: Promise<{ queueId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('receipt'))('title') };
}

/** The printable receipt of one decision or withdrawal: only for the member who made it, 404 for everyone else. */
export default async function ReceiptPage({ params }: TParams) {
  const actor = await requireActor(MEMBER_KINDS);
  const queueId = ZReceiptQueueId.safeParse((await params).queueId);
  if (!queueId.success) notFound();
  const found = await getMemberReceipt(await db(), actor, queueId.data);
  if (!found) notFound();
  const t = await getTranslations('receipt');
  const locale = await getLocale();
  if (found.kind === 'unavailable') {
    return (
      <>
        <h1>{t('title')}</h1>
        <div className="notice notice--warn" role="status">
          <p>{t('unavailable')}</p>
        </div>
      </>
    );
  }
  const { receipt } = found.file;
  const note = verifyCheckpointNote(receipt.evidence.checkpoint, publishedVerifierKeys());
  return (
    <article className="receipt">
      {found.consultation ? (
        <p className="no-print">
          <a href={`/member/consultations/${found.consultation.id}`}>{t('backToConsultation')}</a>
        </p>
      ) : null}
      <h1>{t('title')}</h1>
      <p className="lead">
        <strong>{t(`events.${receiptEventKey(receipt.event)}`)}</strong>
      </p>
      <p>{t('lead')}</p>
      {found.witnessed ? (
        <p data-testid="receipt-witnessed">{t('witnessed')}</p>
      ) : (
        <div className="notice notice--info" role="status" data-testid="receipt-witnessed">
          <p>{t('notWitnessed')}</p>
        </div>
      )}
      <div className="card no-print">
        <p>
          <a className="button" href={`/member/receipts/${queueId.data}/download`} download>
            {t('download')}
          </a>
        </p>
        <p>
          {t('otherFormats')}{' '}
          <a href={`/member/receipts/${queueId.data}/dpv`} download>
            {t('formatDpv')}
          </a>
          {hasKantaraView(receipt) ? (
            <>
              {', '}
              <a href={`/member/receipts/${queueId.data}/kantara`} download>
                {t('formatKantara')}
              </a>
            </>
          ) : null}
        </p>
        <p className="hint">{t('otherFormatsHint')}</p>
        <p className="hint">{t('printHint')}</p>
        <p>
          <a href="/receipts/verify">{t('verifyLink')}</a>
        </p>
      </div>
      <ReceiptView
        receipt={receipt}
        locale={locale}
        consultation={found.consultation}
        treeSize={note.ok ? note.checkpoint.treeSize : 0}
        forEmployer={actor.kind === 'EMPLOYER'}
      />
    </article>
  );
}
