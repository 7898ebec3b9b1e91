import type { ReactNode } from 'react';

/**
 * Renders a disclosure's plain text: blank lines separate paragraphs, lines starting with "- " form
 * a list. No markup is interpreted, so a published text cannot inject anything into the page.
 */
export function DisclosureText({ body }: { body: string }) {
  const blocks = body.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  const out: ReactNode[] = [];
  blocks.forEach((block, i) => {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    const intro = lines.filter((l) => !l.startsWith('- '));
    const items = lines.filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
    if (intro.length) out.push(<p key={`p${i}`}>{intro.join(' ')}</p>);
    if (items.length) {
      out.push(
        <ul key={`u${i}`}>
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>,
      );
    }
  });
  return <>{out}</>;
}
