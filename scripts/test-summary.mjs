// Prints how long each stage and each end-to-end area took, then one closing line over both test runners:
// "Tests: N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';

const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const vitest = read('.test-reports/vitest.json');
const playwrightReport = read('.test-reports/playwright.json');
const playwright = playwrightReport.stats;

// Rounded to whole seconds first, so 299.6 s reads "5 min 00 s", not "4 min 60 s".
const minutes = (seconds) => {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
};

if (existsSync('.test-reports/durations.json')) {
  console.log('Wall-clock time per stage:');
  for (const { name, seconds } of read('.test-reports/durations.json')) console.log(`  ${name.padEnd(32)} ${minutes(seconds)}`);
}

// Playwright runs areas side by side on its workers, so an area's figure is the time its tests ran, summed.
const perArea = new Map();
const visit = (suite) => {
  for (const spec of suite.specs ?? []) {
    const area = spec.file.split('/')[0];
    const ran = spec.tests.flatMap((t) => t.results).reduce((sum, r) => sum + r.duration, 0);
    const entry = perArea.get(area) ?? { tests: 0, ms: 0 };
    perArea.set(area, { tests: entry.tests + spec.tests.length, ms: entry.ms + ran });
  }
  for (const child of suite.suites ?? []) visit(child);
};
for (const suite of playwrightReport.suites ?? []) visit(suite);
if (perArea.size > 0) {
  console.log('Playwright test time per area (summed over tests; two workers run them side by side):');
  for (const [area, { tests, ms }] of [...perArea].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`  e2e/${area.padEnd(27)} ${minutes(ms / 1000)}  (${tests} tests)`);
  }
}

const passed = vitest.numPassedTests + playwright.expected;
const failed = vitest.numFailedTests + playwright.unexpected + playwright.flaky;
const skipped = vitest.numPendingTests + vitest.numTodoTests + playwright.skipped;
console.log(
  `Vitest ${vitest.numPassedTests}/${vitest.numTotalTests} passed; Playwright ${playwright.expected} passed, ${playwright.unexpected} failed.`,
);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
