import { expect, it } from 'vitest';
import { ZCreateStaffInput } from '@/server/admin/staff-input';

it('refuses staff names that sign-in would read as an insurance or company number', () => {
  const issue = (login: string) => ZCreateStaffInput.safeParse({ kind: 'ADVISOR', login, name: 'Neu' }).error?.issues[0]?.message;
  expect(issue('a123456780')).toBe('loginLikeNumber');
  expect(issue('b987654320')).toBe('loginLikeNumber');
  expect(issue('a12345678')).toBeUndefined();
  expect(issue('m.berger')).toBeUndefined();
});
