import { getTranslations } from 'next-intl/server';
import { createExportAction } from '../exports/actions';

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
      <div className="field">
        <label htmlFor="export-reason">{t('reason')}</label>
        <span className="hint" id="export-reason-hint">
          {t('reasonHint')}
        </span>
        <input id="export-reason" name="reason" type="text" maxLength={200} aria-describedby="export-reason-hint" />
      </div>
      <div className="button-row">
        <button type="submit" className="button button--secondary">
          {t('create')}
        </button>
      </div>
    </form>
  );
}
