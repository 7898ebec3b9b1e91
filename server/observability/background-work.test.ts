import { afterEach, expect, it } from 'vitest';
import { registerBackgroundWork, stopBackgroundWork } from '@/server/observability/background-work';

const steps: string[] = [];
afterEach(() => void steps.splice(0));

const step = (name: string) => () => {
  steps.push(name);
  return Promise.resolve();
};

function job(name: string, finish: () => Promise<void> = step(`finish ${name}`)) {
  registerBackgroundWork(name, {
    stop: async () => {
      await Promise.resolve(); // a run under way finishes first
      steps.push(`stop ${name}`);
    },
    finish,
  });
}

it('stops every registered job, then lets each finish, then closes', async () => {
  job('a');
  job('b');
  await stopBackgroundWork(step('close'));
  expect(steps).toEqual(['stop a', 'stop b', 'finish a', 'finish b', 'close']);
});

it('closes even when a finish fails, and forgets the jobs it stopped', async () => {
  job('failing', () => Promise.reject(new Error('integration failed')));
  await expect(stopBackgroundWork(step('close'))).rejects.toThrow('integration failed');
  expect(steps).toEqual(['stop failing', 'close']);
  steps.splice(0);
  await stopBackgroundWork(step('close'));
  expect(steps).toEqual(['close']);
});
