import { describe, expect, it } from 'vitest';
import de from '@/messages/de.json';
import en from '@/messages/en.json';
import { LOG_EVENT } from '@/server/audit-log/event-types';

// Every event the log can hold is named in words in the explorer, the timeline and the filter.
describe('log event labels', () => {
  for (const [language, messages] of [
    ['de', de],
    ['en', en],
  ] as const) {
    it(`names every event type in ${language}`, () => {
      const labels = messages.events as Record<string, string>;
      const missing = Object.values(LOG_EVENT).filter((e) => !labels[e.replace('.', '_')]);
      expect(missing).toEqual([]);
    });
  }
});
