import { getTranslations } from 'next-intl/server';
import { createExportAction } from '../exports/actions';
import { ReasonField } from '../reason-field';

/** Exports exactly the selection on screen: the filter travels as hidden fields. */
export async function ExportForm({ filter, invalid }: { filter: Record<string, string>; invalid: boolean }) {
  const t = await getTranslations('exports');
  return (
    <form action={createExportAction} className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('formHeading')}</h2>
      <p className="hint">{t('formHint')}</p>
      {invalid ? (
        <p className="error-text" role="alert">
          {t('formInvalid')}
        </p>
      ) : null}
      {Object.entries(filter).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <fieldset>
        <legend>{t('format')}</legend>
        <div className="check">
          <input type="radio" id="format-csv" name="format" value="CSV" defaultChecked />
          <label htmlFor="format-csv">{t('formatCsv')}</label>
        </div>
        <div className="check">
          <input type="radio" id="format-jsonl" name="format" value="JSONL" />
          <label htmlFor="format-jsonl">{t('formatJsonl')}</label>
        </div>
      </fieldset>
      <ReasonField id="export-reason" label={t('reason')} hint={t('reasonHint')} />
      <div className="button-row">
        <button type="submit" className="button button--secondary">
          {t('create')}
        </button>
      </div>
    </form>
  );
}
