// A loopback stand-in for LiveKit's server API, for tests: Twirp over HTTP (JSON), checking each
// request's access token the way livekit-server does. What it mirrors, and how that was checked, is in
// docs/decisions/0022-livekit-control.md; the gateway talks to it through the real livekit-server-sdk.
import { createHash } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, jwtVerify } from 'jose';

type TVideoGrant = { roomCreate?: boolean; roomAdmin?: boolean; roomRecord?: boolean; room?: string };
type TEgress = { egressId: string; roomName: string; status: 'EGRESS_ACTIVE' | 'EGRESS_COMPLETE' };

export type TApiCall = { service: string; method: string; body: Record<string, unknown>; grant: TVideoGrant };

/** What each method needs, as livekit-server's Ensure*Permission checks (pkg/service/auth.go). */
const PERMISSION: Record<string, (grant: TVideoGrant, body: Record<string, unknown>) => boolean> = {
  'Egress/StartRoomCompositeEgress': (g) => g.roomRecord === true,
  'Egress/ListEgress': (g) => g.roomRecord === true,
  'Egress/StopEgress': (g) => g.roomRecord === true,
  'RoomService/ListParticipants': (g, b) => g.roomAdmin === true && g.room === b.room,
  'RoomService/DeleteRoom': (g) => g.roomCreate === true,
};

export type TLiveKitApi = Awaited<ReturnType<typeof startLiveKitApi>>;

export async function startLiveKitApi(options: { apiKey: string; apiSecret: string; port?: number }) {
  const secret = new TextEncoder().encode(options.apiSecret);
  const calls: TApiCall[] = [];
  const rejected: { path: string; status: number; code: string }[] = [];
  const egresses = new Map<string, TEgress>();
  const rooms = new Map<string, string[]>();
  let failing: string | null = null;
  const answered = new Map<string, (json: unknown) => Promise<void>>();
  let nextEgress = 1;

  function twirpError(res: ServerResponse, path: string, status: number, code: string, msg: string) {
    rejected.push({ path, status, code });
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, msg }));
  }

  async function grantOf(req: IncomingMessage): Promise<TVideoGrant | null> {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return null;
    try {
      const { payload } = await jwtVerify(header.slice('Bearer '.length), secret, { issuer: options.apiKey, algorithms: ['HS256'] });
      return (payload.video as TVideoGrant | undefined) ?? {};
    } catch {
      return null;
    }
  }

  // Twirp's JSON names rooms and egresses with strings.
  const textOf = (value: unknown) => (typeof value === 'string' ? value : '');
  function handle(method: string, body: Record<string, unknown>): { status: number; json: unknown } {
    switch (method) {
      case 'Egress/StartRoomCompositeEgress': {
        const roomName = textOf(body.roomName ?? body.room_name);
        if (!rooms.has(roomName)) return { status: 404, json: { code: 'not_found', msg: 'requested room does not exist' } };
        const egress: TEgress = { egressId: `EG_test${nextEgress++}`, roomName, status: 'EGRESS_ACTIVE' };
        egresses.set(egress.egressId, egress);
        return { status: 200, json: { ...egress, roomId: `RM_${roomName}` } };
      }
      case 'Egress/ListEgress': {
        const roomName = textOf(body.roomName ?? body.room_name);
        const egressId = textOf(body.egressId ?? body.egress_id);
        const items = [...egresses.values()].filter(
          (e) =>
            (!roomName || e.roomName === roomName) &&
            (!egressId || e.egressId === egressId) &&
            (!body.active || e.status === 'EGRESS_ACTIVE'),
        );
        return { status: 200, json: { items } };
      }
      case 'Egress/StopEgress': {
        const egress = egresses.get(textOf(body.egressId ?? body.egress_id));
        if (!egress) return { status: 404, json: { code: 'not_found', msg: 'egress not found' } };
        if (egress.status !== 'EGRESS_ACTIVE') return { status: 412, json: { code: 'failed_precondition', msg: 'egress is not active' } };
        egress.status = 'EGRESS_COMPLETE';
        return { status: 200, json: egress };
      }
      case 'RoomService/ListParticipants': {
        const identities = rooms.get(String(body.room)) ?? [];
        return {
          status: 200,
          json: { participants: identities.map((identity) => ({ identity, sid: `PA_${identity.slice(0, 8)}`, state: 'ACTIVE' })) },
        };
      }
      case 'RoomService/DeleteRoom': {
        const room = String(body.room);
        if (!rooms.delete(room)) return { status: 404, json: { code: 'not_found', msg: 'room not found' } };
        for (const e of egresses.values()) if (e.roomName === room) e.status = 'EGRESS_COMPLETE';
        return { status: 200, json: {} };
      }
      default:
        return { status: 404, json: { code: 'bad_route', msg: `no handler for ${method}` } };
    }
  }

  // Node ignores the listener's return value (`void` says so); a failure in respond stays an unhandled rejection, as before.
  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '';
    const match = /^\/twirp\/livekit\.(\w+)\/(\w+)$/.exec(path);
    if (req.method !== 'POST' || !match) {
      twirpError(res, path, 404, 'bad_route', 'no such route');
      return;
    }
    const method = `${match[1]!}/${match[2]!}`;
    if (!req.headers['content-type']?.startsWith('application/json')) {
      twirpError(res, path, 400, 'malformed', 'expected JSON');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const grant = await grantOf(req);
    if (!grant) {
      twirpError(res, path, 401, 'unauthenticated', 'invalid authorization token');
      return;
    }
    const allowed = PERMISSION[method];
    if (allowed && !allowed(grant, body)) {
      twirpError(res, path, 401, 'unauthenticated', 'permissions denied');
      return;
    }
    calls.push({ service: match[1]!, method: match[2]!, body, grant });
    if (failing === method) {
      twirpError(res, path, 503, 'unavailable', 'egress service unavailable');
      return;
    }
    const { status, json } = handle(method, body);
    if (status !== 200) {
      const { code, msg } = json as { code: string; msg: string };
      twirpError(res, path, status, code, msg);
      return;
    }
    // A test may act between LiveKit doing something and the gateway hearing of it.
    await answered.get(method)?.(json);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  }
  const server = createServer((req, res) => void respond(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    rejected,
    egresses,
    /** A room with these participants in it (LiveKit creates rooms when someone joins). */
    openRoom(room: string, identities: string[]) {
      rooms.set(room, identities);
    },
    hasRoom: (room: string) => rooms.has(room),
    /** A recording started outside the gateway (e.g. with a token's roomRecord, or on LiveKit's console). */
    startForeignEgress(roomName: string): string {
      const egressId = `EG_foreign${nextEgress++}`;
      egresses.set(egressId, { egressId, roomName, status: 'EGRESS_ACTIVE' });
      return egressId;
    },
    /** Makes one method answer 503 until reset with null. */
    failMethod(method: string | null) {
      failing = method;
    },
    /** Runs `hook` after a method has done its work and before the answer is sent (once per registration, until reset). */
    onAnswered(method: string, hook: (json: unknown) => Promise<void>) {
      answered.set(method, async (json) => {
        answered.delete(method);
        await hook(json);
      });
    },
    reset() {
      calls.length = 0;
      rejected.length = 0;
      failing = null;
      answered.clear();
    },
    /** Signs a webhook delivery as livekit-server does: the JWT in "Authorization" (no "Bearer"), valid 5 minutes, with the body's SHA-256. */
    async signWebhook(body: string, opts: { secret?: string; at?: Date } = {}): Promise<string> {
      const seconds = Math.floor((opts.at ?? new Date()).getTime() / 1000);
      return new SignJWT({ sha256: createHash('sha256').update(body).digest('base64'), video: {} })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(options.apiKey)
        .setNotBefore(seconds)
        .setExpirationTime(seconds + 300)
        .sign(new TextEncoder().encode(opts.secret ?? options.apiSecret));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
