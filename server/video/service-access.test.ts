import { jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { JOIN_TOKEN_SECONDS } from '@/server/video/participant';
import { accessUrl, jitsiToken } from '@/server/video/service-access';

const SECRET = 'jitsi-test-secret-jitsi-test-secret-0123456789';
const JITSI = { joinUrlTemplate: 'https://meet.kasse.example/{room}', access: 'JITSI_JWT' as const, jitsiAppId: 'consent-gateway' };
const member = { id: 'm-1', name: 'Erika Mustermann', role: 'member' as const, recordingAllowed: true };
const advisor = { id: 'a-1', name: 'Miriam Berger', role: 'advisor' as const, recordingAllowed: true };

/** As the Jitsi server (prosody's token auth) checks a token: signature, audience, issuer, time. */
async function asJitsiServer(token: string, secret = SECRET, at = new Date()) {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
    audience: 'jitsi',
    issuer: 'consent-gateway',
    algorithms: ['HS256'],
    currentDate: at,
  });
  return payload as {
    sub: string;
    room: string;
    exp: number;
    nbf: number;
    context: { user: Record<string, string>; features: Record<string, string> };
  };
}

describe('Jitsi join tokens', () => {
  beforeAll(() => {
    process.env.JITSI_APP_SECRET = SECRET;
  });

  it('lets the member in to this room only, never as moderator and never to record', async () => {
    const claims = await asJitsiServer(await jitsiToken(JITSI, 'cg-room1', member));
    expect(claims).toMatchObject({ sub: 'meet.kasse.example', room: 'cg-room1' });
    expect(claims.context.user).toEqual({ id: 'm-1', name: 'Erika Mustermann', moderator: 'false' });
    expect(claims.context.features).toMatchObject({ recording: 'false', livestreaming: 'false', transcription: 'false' });
    expect(claims.exp - claims.nbf).toBe(JOIN_TOKEN_SECONDS + 10);
  });

  it("gives the advisor moderation, and recording only while the member's recording consent stands", async () => {
    expect((await asJitsiServer(await jitsiToken(JITSI, 'r', advisor))).context).toMatchObject({
      user: { moderator: 'true' },
      features: { recording: 'true' },
    });
    expect((await asJitsiServer(await jitsiToken(JITSI, 'r', { ...advisor, recordingAllowed: false }))).context.features.recording).toBe(
      'false',
    );
  });

  it('is refused by the server when expired, forged or for another secret', async () => {
    const token = await jitsiToken(JITSI, 'r', member);
    await expect(asJitsiServer(token, SECRET, new Date(Date.now() + (JOIN_TOKEN_SECONDS + 60) * 1000))).rejects.toThrow();
    await expect(asJitsiServer(token, `${SECRET}-other`)).rejects.toThrow();
    const [header, payload, signature] = token.split('.');
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), room: '*' })).toString(
      'base64url',
    );
    await expect(asJitsiServer(`${header!}.${widened}.${signature!}`)).rejects.toThrow();
  });

  it('adds the token to the room address; a plain link stays plain', async () => {
    expect(await accessUrl({ ...JITSI, access: 'LINK', jitsiAppId: null }, 'cg-1', member)).toBe('https://meet.kasse.example/cg-1');
    const url = new URL(await accessUrl(JITSI, 'cg-1', member));
    expect(url.origin + url.pathname).toBe('https://meet.kasse.example/cg-1');
    expect((await asJitsiServer(url.searchParams.get('jwt')!)).room).toBe('cg-1');
  });
});
