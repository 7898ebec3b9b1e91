// Lighthouse in Debian's Chromium (the same browser and flags as the e2e suite), in its own desktop and
// mobile presets (docs/decisions/0077).
import * as chromeLauncher from 'chrome-launcher';
import { isDeepStrictEqual } from 'node:util';
import lighthouse, { defaultConfig, desktopConfig } from 'lighthouse';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '@/tests/chromium';

export type TLighthouse = {
  performance: number;
  accessibility: number;
  metrics: string;
  /** The simulation Lighthouse applied, from its report: form factor, CPU slowdown, round trip, throughput. */
  simulated: string;
  /** What the report itself says about the page's load: observed against simulated paints, the scripts' main-thread time. */
  performanceSeen: string;
  /** The accessibility audits that failed, by title; empty when all passed. */
  accessibilityFailures: string[];
};

export type TLighthousePreset = 'desktop' | 'mobile';

/**
 * The presets as Lighthouse ships them: its desktop config (what `--preset=desktop` runs) and its default,
 * which is the mobile one. A preset is scoring and throttling together: setting `formFactor: 'desktop'`
 * alone, as the benchmark did before 0077, scored against the desktop thresholds a page loaded with the
 * mobile throttling (4× CPU slowdown, slow 4G).
 */
const LIGHTHOUSE_PRESETS = { desktop: desktopConfig, mobile: defaultConfig } as const;

type TAppliedSettings = {
  formFactor?: string;
  screenEmulation: { mobile?: boolean };
  throttling: Record<string, unknown>;
};

/**
 * Why the settings a report says were applied are not the preset asked for; null when they are. The
 * desktop preset's throttling is Lighthouse's own object; the mobile preset is the default and must not
 * carry it.
 */
export function presetMismatch(preset: TLighthousePreset, applied: TAppliedSettings): string | null {
  const desktop = desktopConfig.settings?.throttling ?? {};
  const throttledAsDesktop = isDeepStrictEqual(applied.throttling, { ...applied.throttling, ...desktop });
  const isDesktop = applied.formFactor === 'desktop' && applied.screenEmulation.mobile === false && throttledAsDesktop;
  const isMobile = applied.formFactor === 'mobile' && applied.screenEmulation.mobile === true && !throttledAsDesktop;
  if (preset === 'desktop' ? isDesktop : isMobile) return null;
  return (
    `Lighthouse scored as ${applied.formFactor ?? '?'} on a ${applied.screenEmulation.mobile ? 'mobile' : 'desktop'} screen ` +
    `with ${throttledAsDesktop ? 'desktop' : 'other than desktop'} throttling, not its ${preset} preset`
  );
}

const ms = (n: unknown) => (typeof n === 'number' ? `${Math.round(n)} ms` : '?');

export async function lighthouseScores(url: string, cookie: string, preset: TLighthousePreset): Promise<TLighthouse> {
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
      LIGHTHOUSE_PRESETS[preset],
    );
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse returned no report for ${url}`);
    // A run that did not apply the preset asked for would score the page against the wrong thresholds.
    const applied = lhr.configSettings;
    const mismatch = presetMismatch(preset, applied);
    if (mismatch) throw new Error(mismatch);
    const categories = lhr.categories;
    // The metrics behind the performance score, weakest first, so a miss names its cause.
    const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
      .map((id) => lhr.audits[id])
      .filter((a): a is NonNullable<typeof a> => Boolean(a))
      .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))
      .map((a) => `${a.title} ${a.displayValue ?? ''} (score ${Math.round((a.score ?? 0) * 100)})`)
      .join(', ');
    const simulated =
      `${applied.throttlingMethod}: CPU ${applied.throttling.cpuSlowdownMultiplier}× slower, ` +
      `round trip ${applied.throttling.rttMs} ms, ${(applied.throttling.throughputKbps / 1024).toFixed(1)} Mbit/s`;
    const observed = (lhr.audits.metrics?.details as { items?: Record<string, unknown>[] } | undefined)?.items?.[0] ?? {};
    const scripts = ((lhr.audits['bootup-time']?.details as { items?: { url: string; total: number }[] } | undefined)?.items ?? [])
      .slice(0, 3)
      .map((item) => `${item.url.replace(/^https?:\/\/[^/]+/, '')} ${ms(item.total)}`);
    const performanceSeen =
      `simulated LCP ${ms(lhr.audits['largest-contentful-paint']?.numericValue)} against ${ms(observed.observedLargestContentfulPaint)} observed ` +
      `(observed FCP ${ms(observed.observedFirstContentfulPaint)}); main-thread time ${lhr.audits['mainthread-work-breakdown']?.displayValue ?? '?'}` +
      (scripts.length ? `, most by ${scripts.join(', ')}` : '');
    const accessibilityFailures = (categories.accessibility?.auditRefs ?? [])
      .map((ref) => lhr.audits[ref.id])
      .filter((a): a is NonNullable<typeof a> => a !== undefined && a.score !== null && a.score < 1)
      .map((a) => a.title);
    return {
      performance: Math.round((categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
      metrics,
      simulated,
      performanceSeen,
      accessibilityFailures,
    };
  } finally {
    chrome.kill();
  }
}
