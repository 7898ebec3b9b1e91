import { describe, expect, it } from 'vitest';
import { isPlainActionArguments, isWellFormedMultipart } from './action-envelope';

const TYPE = 'multipart/form-data; boundary=XyZ';
const part = (name: string, value: string) => `--XyZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

describe('action arguments our pages send', () => {
  it('accepts a form, a previous state and a form, and no arguments', () => {
    for (const text of ['["$K1"]', '[null,"$K1"]', '[{"errors":[],"identifier":"$$x","at":"$undefined"},"$K1"]', '[]'])
      expect(isPlainActionArguments(text)).toBe(true);
  });
  it('refuses what Next cannot decode or our actions never take', () => {
    for (const text of [
      '',
      '[',
      '{"a":1}',
      '"$K1"',
      '["$Q1"]',
      '[null,"$@1"]',
      '["$F1"]',
      `${'['.repeat(40)}${']'.repeat(40)}`,
      '[{"$K1":1}]',
    ])
      expect(isPlainActionArguments(text)).toBe(false);
  });
});

describe('multipart bodies busboy and React can read', () => {
  it('accepts a browser form', () => {
    expect(isWellFormedMultipart(TYPE, `${part('0', '["$K1"]')}${part('_1_scope', 'all')}--XyZ--\r\n`)).toBe(true);
  });
  it('refuses a missing boundary, an empty name, control characters in a header and a second row 0', () => {
    expect(isWellFormedMultipart('multipart/form-data', `${part('0', '[]')}--XyZ--\r\n`)).toBe(false);
    expect(isWellFormedMultipart(TYPE, `${part('', 'x')}--XyZ--\r\n`)).toBe(false);
    expect(isWellFormedMultipart(TYPE, `${part('_1_\b', 'x')}--XyZ--\r\n`)).toBe(false);
    expect(isWellFormedMultipart(TYPE, `${part('0', '[]')}${part('0', '[]')}--XyZ--\r\n`)).toBe(false);
  });
  it('refuses a body cut off before its closing delimiter', () => {
    expect(isWellFormedMultipart(TYPE, `${part('0', '["$K1"]')}${part('_1_scope', 'all')}`)).toBe(false);
    expect(isWellFormedMultipart(TYPE, `${part('0', '["$K1"]')}--XyZ`)).toBe(false);
    expect(isWellFormedMultipart(TYPE, `${part('identifier', 'A123456780')}--Xy`)).toBe(false);
  });
});
