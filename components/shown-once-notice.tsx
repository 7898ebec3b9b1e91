import type { ReactNode } from 'react';

/**
 * A secret shown once, in the answer to the form that made it (a joiner's initial password, a print
 * credential): what it is, the value itself, what to do with it, and the way back. It is stored nowhere
 * in clear, so this is the only time anyone sees it.
 */
export function ShownOnceNotice({
  intro,
  secret,
  testId,
  hint,
  back,
}: {
  intro: ReactNode;
  secret: string;
  testId: string;
  hint: string;
  back: { href: string; label: string };
}) {
  return (
    <div className="notice notice--ok" role="status">
      {intro}
      <p>
        {/* A token is one long word: it wraps at any character rather than push a narrow screen sideways. */}
        <code className="hash" data-testid={testId}>
          {secret}
        </code>
      </p>
      <p>{hint}</p>
      <p>
        <a href={back.href}>{back.label}</a>
      </p>
    </div>
  );
}
