// `npm test`: the stages CI runs, in order, stopping at the first that fails, with each stage's wall-clock
// time kept in .test-reports/durations.json so the closing summary (and the README's table) can say how long
// each suite takes on this machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

const STAGES = [
  // The static checks first: each takes seconds and names the line to fix.
  ['Layer check', 'npm run -s lint:layers'],
  ['Lint', 'npm run -s lint'],
  ['Format check', 'npm run -s format:check'],
  ['Duplicate check', 'npm run -s lint:duplicates'],
  ['Type check', 'npm run -s typecheck'],
  ['Production build', 'npm run -s build'],
  ['Vitest (unit and integration)', 'npm run -s test:unit'],
  ['Playwright (end to end)', 'npm run -s test:e2e'],
];

mkdirSync('.test-reports', { recursive: true });
// Reports of an earlier run must not pass for this one's.
for (const report of ['vitest.json', 'playwright.json']) rmSync(`.test-reports/${report}`, { force: true });
const durations = [];
for (const [name, command] of STAGES) {
  const started = Date.now();
  const { status } = spawnSync(command, { shell: true, stdio: 'inherit' });
  durations.push({ name, seconds: Math.round((Date.now() - started) / 1000) });
  writeFileSync('.test-reports/durations.json', `${JSON.stringify(durations, null, 2)}\n`);
  if (status !== 0) {
    console.error(`${name} failed (exit ${status}).`);
    // The figures so far still help whoever reads the failed run.
    if (existsSync('.test-reports/vitest.json') && existsSync('.test-reports/playwright.json'))
      spawnSync('node scripts/test-summary.mjs', { shell: true, stdio: 'inherit' });
    process.exit(status ?? 1);
  }
}
const summary = spawnSync('node scripts/test-summary.mjs', { shell: true, stdio: 'inherit' });
process.exit(summary.status ?? 1);
