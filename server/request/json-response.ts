import 'server-only';
import type { z } from 'zod';

/** A JSON answer that no cache keeps. */
export function jsonResponse(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/** The 400 for a query that does not parse: each problem named by its field. */
export function badQuery(error: z.ZodError): Response {
  return jsonResponse(400, { error: 'bad-query', problems: error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
}
