import { getTranslations } from 'next-intl/server';
import type { TWitnessVerification } from '@/server/witnessing/verify-against-witnesses';
import { noticeClass } from '@/components/notice-class';

/** What each witness said about the log: the outside anchor of the verification (docs/transparency.md). */
export async function WitnessChecks({ verification }: { verification: TWitnessVerification | null }) {
  const t = await getTranslations('compliance');
  if (!verification) {
    return (
      <section aria-labelledby="verify-witnesses-heading">
        <h2 id="verify-witnesses-heading">{t('verifyWitnessesHeading')}</h2>
        <p>{t('verifyWitnessesNone')}</p>
      </section>
    );
  }
  const verdict = verification.contradicted ? 'Contradicted' : verification.confirmed ? 'Confirmed' : 'Unconfirmed';
  return (
    <section aria-labelledby="verify-witnesses-heading">
      <h2 id="verify-witnesses-heading">{t('verifyWitnessesHeading')}</h2>
      <div
        className={noticeClass(verification.contradicted ? false : verification.confirmed ? true : null)}
        role="status"
        data-testid="verify-witnesses"
      >
        <p>
          <strong>{t(`verifyWitnesses${verdict}`)}</strong>
        </p>
        <ul>
          {verification.checks.map((check) => (
            <li key={check.witness}>
              {t(`verifyWitness_${check.outcome}`, {
                name: check.witness,
                size: 'witnessSize' in check ? check.witnessSize : 0,
              })}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
