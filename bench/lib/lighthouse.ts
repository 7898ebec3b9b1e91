// Lighthouse in Debian's Chromium (the same browser and flags as the e2e suite), desktop preset.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '@/tests/chromium';

export type TLighthouse = { performance: number; accessibility: number; metrics: string };

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
    return {
      performance: Math.round((categories?.performance?.score ?? 0) * 100),
      accessibility: Math.round((categories?.accessibility?.score ?? 0) * 100),
      metrics,
    };
  } finally {
    chrome.kill();
  }
}
