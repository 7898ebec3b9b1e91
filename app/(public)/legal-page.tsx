import { getTranslations } from 'next-intl/server';

type TSection = { h: string; p?: string[]; li?: string[] };
type TValues = Record<string, string | number>;

/**
 * A page of plain legal or help text from the messages (`namespace.title`, optional `intro`, and
 * `sections` of a heading with paragraphs and/or a list), with the configured values filled in.
 */
export async function LegalPage({
  namespace,
  values,
}: {
  namespace: 'accessibility' | 'privacy' | 'imprint' | 'easyRead';
  values: TValues;
}) {
  const t = await getTranslations(namespace);
  const sections = t.raw('sections') as TSection[];
  const text = (key: string): string => t(key as never, values as never);
  return (
    <article className="legal">
      <h1>{t('title')}</h1>
      {t.has('intro') ? <p className="lead">{t('intro')}</p> : null}
      {sections.map((section, i) => (
        <section key={section.h} aria-labelledby={`section-${i}`}>
          <h2 id={`section-${i}`}>{text(`sections.${i}.h`)}</h2>
          {(section.p ?? []).map((_, j) => (
            <p key={j}>{text(`sections.${i}.p.${j}`)}</p>
          ))}
          {section.li ? (
            <ul>
              {section.li.map((_, j) => (
                <li key={j}>{text(`sections.${i}.li.${j}`)}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </article>
  );
}
