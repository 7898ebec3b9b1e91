import { getTranslations } from 'next-intl/server';

/**
 * "Cancel the consultation" behind a disclosure, so one stray click cancels nothing; works without
 * JavaScript. The action checks who may cancel (server/scheduling/schedule-consultation.ts).
 */
export async function CancelConsultation({
  consultationId,
  action,
}: {
  consultationId: string;
  action: (formData: FormData) => Promise<void>;
}) {
  const t = await getTranslations('cancel');
  return (
    <details className="card">
      <summary>{t('heading')}</summary>
      <p>{t('info')}</p>
      <form action={action}>
        <input type="hidden" name="consultationId" value={consultationId} />
        <button type="submit" className="button button--secondary">
          {t('confirm')}
        </button>
      </form>
    </details>
  );
}
