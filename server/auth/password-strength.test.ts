import { describe, expect, it } from 'vitest';
import { passwordWeakness } from '@/server/auth/password-strength';

const member = { loginName: 'A123456780', displayName: 'Erika Mustermann' };

describe('password strength', () => {
  it('refuses the most common passwords, also dressed up with digits and symbols', () => {
    for (const p of ['Passwort2026!', 'password123456', '!!Willkommen2026', 'Beratung-2026!', 'qwertz123456', 'hallohallohallo1']) {
      expect(passwordWeakness(p, member), p).toBe('common');
    }
  });

  it('refuses repetitions and walks along the keyboard, the alphabet or the digits', () => {
    for (const p of ['aaaaaaaaaaaa', 'abababababab', '123456789012', 'abcdefghijklm', 'asdfghjklöä!', '987654321098', '1q1q1q1q1q1q']) {
      expect(passwordWeakness(p, member), p).toBe('pattern');
    }
  });

  it("refuses the member's own number or name", () => {
    expect(passwordWeakness('a123456780-geheim!', member)).toBe('personal');
    expect(passwordWeakness('Mustermann im Sommer', member)).toBe('personal');
  });

  it('accepts passphrases and random strings', () => {
    for (const p of ['Sonne über dem Deich', 'korrekt Pferd Batterie Heftklammer', 'x7#Lp9!qZ2@vR4', 'Ein ganz neues Passwort']) {
      expect(passwordWeakness(p, member), p).toBeNull();
    }
  });
});
