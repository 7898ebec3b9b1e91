import { afterEach, expect, it } from 'vitest';
import { registerBackgroundWork, stopBackgroundWork } from '@/server/observability/background-work';

const steps: string[] = [];
afterEach(() => void steps.splice(0));

function job(name: string, finish?: () => Promise<void>) {
  registerBackgroundWork(name, {
    stop: async () => {
      await Promise.resolve();
      steps.push(`stop ${name}`);
    },
    finish: finish ?? (async () => void steps.push(`finish ${name}`)),
  });
}

it('stops every registered job, then lets each finish, then closes', async () => {
  job('a');
  job('b');
  await stopBackgroundWork(async () => void steps.push('close'));
  expect(steps).toEqual(['stop a', 'stop b', 'finish a', 'finish b', 'close']);
});

it('closes even when a finish fails, and forgets the jobs it stopped', async () => {
  job('failing', async () => {
    throw new Error('integration failed');
  });
  await expect(stopBackgroundWork(async () => void steps.push('close'))).rejects.toThrow('integration failed');
  expect(steps).toEqual(['stop failing', 'close']);
  steps.splice(0);
  await stopBackgroundWork(async () => void steps.push('close'));
  expect(steps).toEqual(['close']);
});
