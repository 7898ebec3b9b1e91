// Drives Server Actions the way a browser without JavaScript does: the form's hidden fields, posted
// as multipart/form-data to the page. The same action code runs as for a JavaScript client.

import { base32Decode, totpCode, totpStep } from '@/server/auth/second-factor/totp';
import { TEST_TOTP_SECRET } from '@/tests/scenario';

const ENTITIES: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#x27;': "'", '&#39;': "'" };
const decode = (value: string) => value.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (m) => ENTITIES[m] ?? m);

/** The hidden fields of the first form in `html` that contains an input named `marker`. */
export function hiddenFieldsOfForm(html: string, marker: string): [string, string][] {
  const form = html.split('<form').find((chunk) => chunk.includes(`name="${marker}"`));
  if (!form) throw new Error(`no form with a field "${marker}"`);
  const fields: [string, string][] = [];
  for (const match of form.split('</form>')[0]!.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
    fields.push([decode(match[1]!), decode(match[2] ?? '')]);
  }
  return fields;
}

export function multipart(fields: [string, string][]): { body: Buffer; contentType: string } {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Signs in through the login form's action; returns the session cookie. Staff enrolled in the second
 * factor (docs/decisions/0040) then get the code step, answered with the current code of `totpSecret`.
 */
export async function signIn(base: string, identifier: string, password: string, totpSecret = TEST_TOTP_SECRET): Promise<string> {
  const html = await (await fetch(`${base}/login`)).text();
  const fields = hiddenFieldsOfForm(html, '$ACTION_KEY').filter(([name]) => name !== 'identifier');
  const { body, contentType } = multipart([...fields, ['identifier', identifier], ['password', password]]);
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': contentType, origin: base },
    redirect: 'manual',
  });
  const cookie = sessionCookieOf(response);
  if (!cookie) throw new Error(`sign-in of ${identifier} failed (${response.status})`);
  const codePage = await fetch(`${base}/login/code`, { headers: { cookie }, redirect: 'manual' });
  if (codePage.status !== 200) return cookie; // no code step: a member, or staff without a second factor
  const codeFields = hiddenFieldsOfForm(await codePage.text(), '$ACTION_KEY');
  const code = totpCode(base32Decode(totpSecret)!, totpStep(Date.now()));
  const step = multipart([...codeFields, ['code', code]]);
  const signedIn = await fetch(`${base}/login/code`, {
    method: 'POST',
    body: new Uint8Array(step.body),
    headers: { 'content-type': step.contentType, origin: base, cookie },
    redirect: 'manual',
  });
  const full = sessionCookieOf(signedIn);
  if (!full) throw new Error(`code step of ${identifier} failed (${signedIn.status})`);
  return full;
}

function sessionCookieOf(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('authjs.session-token='));
}
