import 'server-only';

// The process's integration runner listens here. Logged transactions nudge it through this module instead
// of importing the runner, which itself appends entries (the denial summaries): no import circle.
const holder = globalThis as typeof globalThis & { __consentLogNudge?: () => void };

/** The runner's start sets its listener, its stop clears it. */
export function listenForNudges(listener: (() => void) | undefined): void {
  holder.__consentLogNudge = listener;
}

/** Asks the runner, if this process has one, to integrate soon. */
export function nudgeIntegration(): void {
  holder.__consentLogNudge?.();
}
