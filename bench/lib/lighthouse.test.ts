import { desktopConfig } from 'lighthouse';
import { describe, expect, it } from 'vitest';
import { presetMismatch } from './lighthouse';

// The throttling Lighthouse 12 applies by default (its mobile preset): slow 4G, 4× CPU slowdown.
const mobileThrottling = {
  rttMs: 150,
  throughputKbps: 1638.4,
  requestLatencyMs: 562.5,
  downloadThroughputKbps: 1474.56,
  uploadThroughputKbps: 675,
  cpuSlowdownMultiplier: 4,
};
const desktopThrottling = { ...mobileThrottling, ...desktopConfig.settings!.throttling };

describe('which Lighthouse preset a report applied', () => {
  it('accepts each preset as Lighthouse ships it', () => {
    expect(
      presetMismatch('desktop', { formFactor: 'desktop', screenEmulation: { mobile: false }, throttling: desktopThrottling }),
    ).toBeNull();
    expect(presetMismatch('mobile', { formFactor: 'mobile', screenEmulation: { mobile: true }, throttling: mobileThrottling })).toBeNull();
  });

  it('refuses desktop scoring over mobile throttling (how the benchmark ran before 0077)', () => {
    expect(presetMismatch('desktop', { formFactor: 'desktop', screenEmulation: { mobile: false }, throttling: mobileThrottling })).toMatch(
      /other than desktop throttling, not its desktop preset/,
    );
  });

  it('refuses a mobile run throttled or laid out as a desktop', () => {
    expect(
      presetMismatch('mobile', { formFactor: 'mobile', screenEmulation: { mobile: true }, throttling: desktopThrottling }),
    ).not.toBeNull();
    expect(
      presetMismatch('mobile', { formFactor: 'mobile', screenEmulation: { mobile: false }, throttling: mobileThrottling }),
    ).not.toBeNull();
  });
});
