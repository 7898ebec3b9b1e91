import { describe, expect, it } from 'vitest';
import { cookieOptions } from '@/server/request/cookie-options';

describe('cookie options', () => {
  it('are HttpOnly and SameSite=Lax always, and Secure where the gateway is served over https', () => {
    expect(cookieOptions(60, 'https://beratung.example-kasse.de')).toEqual({
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      maxAge: 60,
    });
    expect(cookieOptions(60, 'http://localhost:3000')).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false });
    expect(cookieOptions(60, undefined)).toMatchObject({ secure: false });
  });
});
