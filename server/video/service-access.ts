import 'server-only';
import { SignJWT } from 'jose';
import { env } from '@/server/env';
import type { VideoAccess } from '@/server/db/generated/enums';
import { liveKitToken } from '@/server/video/livekit';
import { JOIN_TOKEN_SECONDS, type TParticipant } from '@/server/video/participant';

export type TServiceAccess = { joinUrlTemplate: string; access: VideoAccess; jitsiAppId: string | null };

function roomUrl(template: string, room: string): string {
  return template.replace('{room}', encodeURIComponent(room));
}

/**
 * A Jitsi Meet join token (HS256 with the shared app secret): aud "jitsi", iss the app id, sub the Jitsi
 * host, the room, nbf/exp, and `context`: the user (moderator only for the advisor) and the features,
 * where recording is allowed only to the advisor, only while the member's recording consent stands, and
 * livestreaming, transcription and dial-out never.
 */
export async function jitsiToken(service: TServiceAccess, room: string, participant: TParticipant, now = new Date()): Promise<string> {
  const secret = env().JITSI_APP_SECRET;
  if (!secret || !service.jitsiAppId)
    throw new Error('A Jitsi service needs JITSI_APP_SECRET and its jitsi_app_id: see README (Configuration).');
  const moderator = participant.role === 'advisor';
  const flag = (on: boolean) => (on ? 'true' : 'false');
  const seconds = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    room,
    context: {
      user: { id: participant.id, name: participant.name, moderator: flag(moderator) },
      features: {
        recording: flag(moderator && participant.recordingAllowed),
        livestreaming: 'false',
        transcription: 'false',
        'outbound-call': 'false',
        'sip-outbound-call': 'false',
      },
    },
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience('jitsi')
    .setIssuer(service.jitsiAppId)
    .setSubject(new URL(roomUrl(service.joinUrlTemplate, room)).host)
    .setNotBefore(seconds - 10)
    .setIssuedAt(seconds)
    .setExpirationTime(seconds + JOIN_TOKEN_SECONDS)
    .sign(new TextEncoder().encode(secret));
}

/** Where a participant goes after the consent check: the room's address, with a join token where the service takes one. */
export async function accessUrl(service: TServiceAccess, room: string, participant: TParticipant): Promise<string> {
  if (service.access === 'LINK') return roomUrl(service.joinUrlTemplate, room);
  const url = new URL(roomUrl(service.joinUrlTemplate, room));
  switch (service.access) {
    case 'JITSI_JWT':
      url.searchParams.set('jwt', await jitsiToken(service, room, participant));
      return url.toString();
    case 'LIVEKIT':
      // The template is the insurer's LiveKit web client; it connects to the room the token names.
      url.searchParams.set('token', await liveKitToken(room, participant));
      return url.toString();
  }
}
