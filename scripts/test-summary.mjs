// Prints one closing line over both test runners: "Tests: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const vitest = read('.test-reports/vitest.json');
const playwright = read('.test-reports/playwright.json').stats;

const passed = vitest.numPassedTests + playwright.expected;
const failed = vitest.numFailedTests + playwright.unexpected + playwright.flaky;
const skipped = vitest.numPendingTests + vitest.numTodoTests + playwright.skipped;
console.log(`Vitest ${vitest.numPassedTests}/${vitest.numTotalTests} passed; Playwright ${playwright.expected} passed, ${playwright.unexpected} failed.`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
