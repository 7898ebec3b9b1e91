// `npm test`: the stages CI runs, in order, stopping at the first that fails, with each stage's wall-clock
// time kept in .test-reports/durations.json so the closing summary (and the README's table) can say how long
// each suite takes on this machine.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const STAGES = [
  ['Type check', 'npm run -s typecheck'],
  ['Production build', 'npm run -s build'],
  ['Vitest (unit and integration)', 'npm run -s test:unit'],
  ['Playwright (end to end)', 'npm run -s test:e2e'],
];

mkdirSync('.test-reports', { recursive: true });
const durations = [];
for (const [name, command] of STAGES) {
  const started = Date.now();
  const { status } = spawnSync(command, { shell: true, stdio: 'inherit' });
  durations.push({ name, seconds: Math.round((Date.now() - started) / 1000) });
  writeFileSync('.test-reports/durations.json', `${JSON.stringify(durations, null, 2)}\n`);
  if (status !== 0) {
    console.error(`${name} failed (exit ${status}).`);
    process.exit(status ?? 1);
  }
}
const summary = spawnSync('node scripts/test-summary.mjs', { shell: true, stdio: 'inherit' });
process.exit(summary.status ?? 1);
