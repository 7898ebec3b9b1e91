import 'server-only';
/** Who is joining a call, and what the member's consent allows right now. */
export type TParticipant = { id: string; name: string; role: 'member' | 'advisor'; recordingAllowed: boolean };

/** Join tokens are short-lived: a rejoin after this goes through the gateway and its consent check again. */
export const JOIN_TOKEN_SECONDS = 10 * 60;
