import 'server-only';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An incoming request id is taken only if it is 16–64 hexadecimal digits and dashes (a UUID, nginx's
 * `$request_id`): such a token cannot spell a name, and is too long for an insurance number (10),
 * a company number (8) or a phone number (at most 15 digits). Anything else gets a fresh id.
 */
export function safeRequestId(value: string | null | undefined): string | null {
  return value && /^[0-9a-fA-F-]{16,64}$/.test(value) ? value : null;
}

export function requestIdFrom(source: Headers): string {
  return safeRequestId(source.get(REQUEST_ID_HEADER)) ?? crypto.randomUUID();
}
