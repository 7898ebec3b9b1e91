import 'server-only';
import {
  AccessToken,
  EgressClient,
  EgressStatus,
  EncodedFileOutput,
  EncodedFileType,
  RoomServiceClient,
  WebhookReceiver,
} from 'livekit-server-sdk';
import { env } from '@/server/env';
import { JOIN_TOKEN_SECONDS, type TParticipant } from '@/server/video/participant';

/**
 * A call to LiveKit's API waits at most this long: a withdrawal must not hang on an unreachable
 * server; what did not happen is logged and left to the advisor's confirmation.
 */
const API_TIMEOUT_SECONDS = 5;

type TLiveKitConfig = { url: string; key: string; secret: string };

function config(): TLiveKitConfig {
  const { LIVEKIT_API_URL: url, LIVEKIT_API_KEY: key, LIVEKIT_API_SECRET: secret } = env();
  if (!url || !key || !secret)
    throw new Error('A LiveKit service needs LIVEKIT_API_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET: see README (Configuration).');
  return { url, key, secret };
}

export function liveKitConfigured(): boolean {
  const e = env();
  return Boolean(e.LIVEKIT_API_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET);
}

let clients: { egress: EgressClient; rooms: RoomServiceClient; webhooks: WebhookReceiver } | undefined;

function liveKit() {
  if (!clients) {
    const { url, key, secret } = config();
    // No region failover: the insurer runs its own LiveKit; a retry against another host would leave the EU.
    const options = { requestTimeout: API_TIMEOUT_SECONDS, failover: false };
    clients = {
      egress: new EgressClient(url, key, secret, options),
      rooms: new RoomServiceClient(url, key, secret, options),
      webhooks: new WebhookReceiver(key, secret),
    };
  }
  return clients;
}

/**
 * A LiveKit access token: join this one room, publish and subscribe. Never `roomRecord`: LiveKit checks
 * that grant without regard to the room (livekit-server's EnsureRecordPermission), so it would let its
 * holder record, list and stop recordings of every room. Recordings start only through the gateway's
 * API call, after its consent check. The identity is the account id, never an insurance number.
 */
export async function liveKitToken(room: string, participant: TParticipant): Promise<string> {
  const { key, secret } = config();
  const token = new AccessToken(key, secret, { identity: participant.id, name: participant.name, ttl: JOIN_TOKEN_SECONDS });
  token.addGrant({
    room,
    roomJoin: true,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
    roomRecord: false,
  });
  return token.toJwt();
}

/** Starts a recording of the whole room (room-composite egress); the file goes to the egress service's configured storage. */
export async function startRoomRecording(room: string): Promise<string> {
  const output = new EncodedFileOutput({ fileType: EncodedFileType.MP4, filepath: `${room}/{time}.mp4` });
  const info = await liveKit().egress.startRoomCompositeEgress(room, output, { layout: 'speaker' });
  return info.egressId;
}

const ACTIVE = new Set([EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE]);

/** Failures that mean the recording is no longer running: ended meanwhile, or stopped by another instance. */
const ALREADY_ENDED = new Set(['not_found', 'failed_precondition']);

/**
 * Stops every recording of the room that is still running, whoever started it, and returns their ids.
 * Each is tried even if another fails; a real failure is raised after all were tried.
 */
export async function stopRoomRecordings(room: string): Promise<string[]> {
  const { egress } = liveKit();
  const running = (await egress.listEgress({ roomName: room, active: true })).filter((e) => ACTIVE.has(e.status));
  let failure: { error: unknown } | null = null;
  for (const e of running) {
    try {
      await egress.stopEgress(e.egressId);
    } catch (error) {
      if (!ALREADY_ENDED.has(liveKitFailure(error))) failure ??= { error };
    }
  }
  if (failure) throw failure.error;
  return running.map((e) => e.egressId);
}

/** Stops one recording by its id; one that has already ended counts as stopped. */
export async function stopRecording(egressId: string): Promise<void> {
  try {
    await liveKit().egress.stopEgress(egressId);
  } catch (error) {
    if (!ALREADY_ENDED.has(liveKitFailure(error))) throw error;
  }
}

/** Whether LiveKit has this recording running now (a report may arrive after it was stopped). */
export async function recordingIsRunning(egressId: string): Promise<boolean> {
  const found = await liveKit().egress.listEgress({ egressId });
  return found.some((e) => e.egressId === egressId && ACTIVE.has(e.status));
}

/** Ends the room for everyone in it (and any recording of it): no one stays in a call that is no longer allowed. */
export async function closeRoom(room: string): Promise<number> {
  const { rooms } = liveKit();
  try {
    const participants = await rooms.listParticipants(room);
    await rooms.deleteRoom(room);
    return participants.length;
  } catch (error) {
    // A room no one is in any more has already ended: nothing is left to close.
    if (liveKitFailure(error) === 'not_found') return 0;
    throw error;
  }
}

/** Verifies a webhook delivery: a JWT signed with the API secret, issued by our key, not expired, whose sha256 claim matches the body. */
export function receiveWebhook(body: string, authorization: string | null) {
  return liveKit().webhooks.receive(body, authorization ?? undefined);
}

/** Why a LiveKit API call failed, for the log: the Twirp error code or the transport failure, never a message with data in it. */
export function liveKitFailure(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; status?: unknown; name?: unknown };
    if (typeof e.code === 'string' && /^[a-z_]{1,40}$/.test(e.code)) return e.code;
    if (typeof e.status === 'number') return `http_${e.status}`;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  }
  return 'unreachable';
}

export type TLiveKitAttempt<T> = { ok: true; value: T } | { ok: false; failure: string };

/** Runs one LiveKit API call and reports its outcome instead of throwing: what failed is logged, not raised. */
export async function tryLiveKit<T>(call: () => Promise<T>): Promise<TLiveKitAttempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, failure: liveKitFailure(error) };
  }
}
