import 'server-only';

export const MAX_FORM_BYTES = 64 * 1024;

export type TFormRead = { ok: true; fields: Record<string, unknown> } | { ok: false; status: 413 | 415 };

/**
 * A URL-encoded form body, read up to `maxBytes` (413 beyond, whether or not the client announced its
 * length; 415 for other content types). A repeated field becomes a list, which a schema then refuses.
 * For routes outside the proxy, whose hot path cannot afford Next's buffering of proxied bodies.
 */
export async function readUrlEncodedForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<TFormRead> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return { ok: false, status: 415 };
  const body = await readBodyText(request, maxBytes);
  return body.ok ? { ok: true, fields: fieldsOf(body.text) } : body;
}

/** The body as text, read up to `maxBytes` (413 beyond, whether or not the client announced its length). */
export async function readBodyText(request: Request, maxBytes: number): Promise<{ ok: true; text: string } | { ok: false; status: 413 }> {
  const announced = request.headers.get('content-length');
  if (announced !== null) {
    // The HTTP parser delivers exactly the announced length, so a small announced body is safe to read whole.
    if (Number(announced) > maxBytes) return { ok: false, status: 413 };
    return { ok: true, text: await request.text() };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return { ok: false, status: 413 };
      }
      chunks.push(value);
    }
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

function fieldsOf(body: string): Record<string, unknown> {
  // No prototype: a field named "__proto__" or "constructor" is just a field.
  const fields = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of new URLSearchParams(body)) {
    fields[key] = Object.hasOwn(fields, key) ? [fields[key], value].flat() : value;
  }
  return fields;
}
