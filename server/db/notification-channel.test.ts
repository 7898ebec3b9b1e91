import { expect, it, vi } from 'vitest';
import { coalesced } from '@/server/db/notification-channel';

it('answers each caller with a round trip sent after it asked, and never has more than one under way', async () => {
  const sent: { resolve: (ok: boolean) => void }[] = [];
  const roundTrip = () => new Promise<boolean>((resolve) => sent.push({ resolve }));
  const sync = coalesced(roundTrip);
  const first = sync();
  expect(sent).toHaveLength(1);
  // Asked while the first is under way: it may have been sent before what they wait for, so they join the next.
  const second = sync();
  const third = sync();
  expect(sent).toHaveLength(1);
  sent[0]!.resolve(true);
  expect(await first).toBe(true);
  await vi.waitFor(() => expect(sent).toHaveLength(2));
  const fourth = sync(); // the second round trip is under way: the fourth waits for a third
  sent[1]!.resolve(false);
  expect([await second, await third]).toEqual([false, false]);
  await vi.waitFor(() => expect(sent).toHaveLength(3));
  sent[2]!.resolve(true);
  expect(await fourth).toBe(true);
  expect(sent).toHaveLength(3);
});
