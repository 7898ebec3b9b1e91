import { describe, expect, it } from 'vitest';
import { readUrlEncodedForm } from '@/server/request/read-form';

const post = (body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }) =>
  new Request('http://localhost/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

/** A body that arrives in chunks without announcing its length. */
function chunked(totalBytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) {
        controller.close();
        return;
      }
      const chunk = new TextEncoder().encode('a'.repeat(Math.min(8192, totalBytes - sent)));
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe('readUrlEncodedForm', () => {
  it('reads fields, a repeated one as a list', async () => {
    expect(await readUrlEncodedForm(post('intent=consent&transmission=yes&x=1&x=2&x=3'))).toEqual({
      ok: true,
      fields: { intent: 'consent', transmission: 'yes', x: ['1', '2', '3'] },
    });
  });

  it('refuses other content types with 415', async () => {
    expect(await readUrlEncodedForm(post('{}', { 'content-type': 'application/json' }))).toEqual({ ok: false, status: 415 });
    expect(await readUrlEncodedForm(post('a=b', {}))).toMatchObject({ ok: false, status: 415 });
  });

  it('refuses a body over the limit, announced or not, with 413', async () => {
    expect(await readUrlEncodedForm(post(`a=${'b'.repeat(100)}`), 50)).toEqual({ ok: false, status: 413 });
    expect(await readUrlEncodedForm(post(chunked(200_000)))).toEqual({ ok: false, status: 413 });
    expect(await readUrlEncodedForm(post(chunked(1_000)))).toMatchObject({ ok: true });
  });
});

describe('readUrlEncodedForm with an announced length', () => {
  it('reads a body within the limit and refuses a larger announcement', async () => {
    const headers = (length: number) => ({ 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(length) });
    expect(await readUrlEncodedForm(post('a=1&b=2', headers(7)))).toEqual({ ok: true, fields: { a: '1', b: '2' } });
    expect(await readUrlEncodedForm(post('a=1', headers(70_000)))).toEqual({ ok: false, status: 413 });
  });
});
