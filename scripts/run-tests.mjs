// `npm test`: the stages CI runs, in order, stopping at the first that fails, with each stage's wall-clock
// time kept in .test-reports/durations.json so the closing summary (and the README's table) can say how long
// each suite takes on this machine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

// The quick checks run side by side (each is mostly one core, the machine has two); their output is
// printed whole, one check after the other, once each has finished.
const QUICK_CHECKS = [
  ['Layer check', 'npm run -s lint:layers'],
  ['Lint', 'npm run -s lint'],
  ['Format check', 'npm run -s format:check'],
  ['Duplicate check', 'npm run -s lint:duplicates'],
  ['Type check', 'npm run -s typecheck'],
];
const STAGES = [
  ['Production build', 'npm run -s build'],
  ['Vitest (unit and integration)', 'npm run -s test:unit'],
  ['Playwright (end to end)', 'npm run -s test:e2e'],
];

function runBuffered(name, command) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (status) =>
      resolve({ name, status, output: Buffer.concat(output), seconds: Math.round((Date.now() - started) / 1000) }),
    );
  });
}

mkdirSync('.test-reports', { recursive: true });
// Reports of an earlier run must not pass for this one's.
for (const report of ['vitest.json', 'playwright.json']) rmSync(`.test-reports/${report}`, { force: true });
const durations = [];
const fail = (name, status) => {
  console.error(`${name} failed (exit ${status}).`);
  // The figures so far still help whoever reads the failed run.
  if (existsSync('.test-reports/vitest.json') && existsSync('.test-reports/playwright.json'))
    spawnSync('node scripts/test-summary.mjs', { shell: true, stdio: 'inherit' });
  process.exit(status ?? 1);
};

const quickStarted = Date.now();
const quick = await Promise.all(QUICK_CHECKS.map(([name, command]) => runBuffered(name, command)));
for (const { name, output, seconds } of quick) {
  console.log(`--- ${name} (${seconds} s, side by side with the other quick checks)`);
  process.stdout.write(output);
  durations.push({ name: `${name} (side by side)`, seconds });
}
durations.push({ name: 'Quick checks, wall clock', seconds: Math.round((Date.now() - quickStarted) / 1000) });
writeFileSync('.test-reports/durations.json', `${JSON.stringify(durations, null, 2)}\n`);
const failed = quick.find((check) => check.status !== 0);
if (failed) fail(failed.name, failed.status);

for (const [name, command] of STAGES) {
  const started = Date.now();
  const { status } = spawnSync(command, { shell: true, stdio: 'inherit' });
  durations.push({ name, seconds: Math.round((Date.now() - started) / 1000) });
  writeFileSync('.test-reports/durations.json', `${JSON.stringify(durations, null, 2)}\n`);
  if (status !== 0) fail(name, status);
}
const summary = spawnSync('node scripts/test-summary.mjs', { shell: true, stdio: 'inherit' });
process.exit(summary.status ?? 1);
