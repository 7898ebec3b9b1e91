import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { VerifyForm } from './verify-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('receiptVerify'))('title') };
}

/** Public, no account needed: anyone holding a receipt (the member, an auditor, a court) can check it here. */
export default async function VerifyReceiptPage() {
  const t = await getTranslations('receiptVerify');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <VerifyForm
        labels={{
          paste: t('pasteLabel'),
          pasteHint: t('pasteHint'),
          file: t('fileLabel'),
          fileHint: t('fileHint'),
          submit: t('submit'),
          errorTitle: t('errorTitle'),
          checksHeading: t('checksHeading'),
          onlineHeading: t('onlineHeading'),
          summaryHeading: t('summaryHeading'),
        }}
      />
    </>
  );
}
