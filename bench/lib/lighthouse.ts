// Lighthouse in Debian's Chromium (the same browser and flags as the e2e suite), desktop preset.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '@/tests/chromium';

export type TLighthouse = {
  performance: number;
  accessibility: number;
  metrics: string;
  /** What the report itself says about the page's load: observed against simulated paints, the scripts' main-thread time. */
  performanceSeen: string;
  /** The accessibility audits that failed, by title; empty when all passed. */
  accessibilityFailures: string[];
};

const ms = (n: unknown) => (typeof n === 'number' ? `${Math.round(n)} ms` : '?');

export async function lighthouseScores(url: string, cookie: string): Promise<TLighthouse> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS });
  try {
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        extraHeaders: { Cookie: cookie },
      },
      {
        extends: 'lighthouse:default',
        settings: {
          formFactor: 'desktop',
          screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
          throttlingMethod: 'simulate',
        },
      },
    );
    const lhr = result?.lhr;
    const categories = lhr?.categories;
    // The metrics behind the performance score, weakest first, so a miss names its cause.
    const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
      .map((id) => lhr?.audits[id])
      .filter((a): a is NonNullable<typeof a> => Boolean(a))
      .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))
      .map((a) => `${a.title} ${a.displayValue ?? ''} (score ${Math.round((a.score ?? 0) * 100)})`)
      .join(', ');
    const observed = (lhr?.audits.metrics?.details as { items?: Record<string, unknown>[] } | undefined)?.items?.[0] ?? {};
    const scripts = ((lhr?.audits['bootup-time']?.details as { items?: { url: string; total: number }[] } | undefined)?.items ?? [])
      .slice(0, 3)
      .map((item) => `${item.url.replace(/^https?:\/\/[^/]+/, '')} ${ms(item.total)}`);
    const performanceSeen =
      `simulated LCP ${ms(lhr?.audits['largest-contentful-paint']?.numericValue)} against ${ms(observed.observedLargestContentfulPaint)} observed ` +
      `(observed FCP ${ms(observed.observedFirstContentfulPaint)}); main-thread time ${lhr?.audits['mainthread-work-breakdown']?.displayValue ?? '?'}` +
      (scripts.length ? `, most by ${scripts.join(', ')}` : '');
    const accessibilityFailures = (categories?.accessibility?.auditRefs ?? [])
      .map((ref) => lhr?.audits[ref.id])
      .filter((a): a is NonNullable<typeof a> => a !== undefined && a.score !== null && a.score < 1)
      .map((a) => a.title);
    return {
      performance: Math.round((categories?.performance?.score ?? 0) * 100),
      accessibility: Math.round((categories?.accessibility?.score ?? 0) * 100),
      metrics,
      performanceSeen,
      accessibilityFailures,
    };
  } finally {
    chrome.kill();
  }
}
