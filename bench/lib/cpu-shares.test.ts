import { expect, it } from 'vitest';
import { cpuMsPerRequest, describeShares } from './cpu-shares';

const shares = { seconds: 10, cores: 2, byRole: { app: 1.02, PostgreSQL: 0.4, idle: 0.5 }, own: 0 };

it("divides a role's CPU over the window among the requests of the load", () => {
  // 0.4 of a core for 10 s is 4,000 ms of CPU; over 2,000 requests, 2 ms each.
  expect(cpuMsPerRequest(shares, 'PostgreSQL', 2000)).toBeCloseTo(2, 10);
  expect(cpuMsPerRequest(shares, 'app', 3400)).toBeCloseTo(3, 10);
});

it('has no figure for a role that was not seen, or for a load that served nothing', () => {
  expect(cpuMsPerRequest(shares, 'witnesses', 2000)).toBeNull();
  // A PostgreSQL server that sat idle while the embedded database served the load.
  expect(cpuMsPerRequest({ ...shares, byRole: { ...shares.byRole, PostgreSQL: 0.004 } }, 'PostgreSQL', 2000)).toBeNull();
  expect(cpuMsPerRequest(shares, 'app', 0)).toBeNull();
});

it('describes the shares largest first, idle last', () => {
  expect(describeShares(shares)).toBe('app 1.02, PostgreSQL 0.40, idle 0.50 of 2 cores over 10.0 s');
});
