import 'server-only';
import { z } from 'zod';
import { env } from '@/server/env';
import { EU_EEA_COUNTRY_CODES, ISO_COUNTRY_CODES } from '@/server/video-service/iso-countries';
import type { TServiceSettings } from '@/server/video-service/service-settings';
import { standInKeyOf } from '@/shared/video/stand-in';

/** Which access kinds this server can hand out: a Jitsi or LiveKit service without its secrets would fail at every join. */
export type TAccessCapabilities = { jitsi: boolean; livekit: boolean };

export function serverCapabilities(): TAccessCapabilities {
  const e = env();
  return { jitsi: Boolean(e.JITSI_APP_SECRET), livekit: Boolean(e.LIVEKIT_API_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET) };
}

/** A specific problem, as a message key; otherwise the field's own message applies. */
export const SERVICE_PROBLEMS = [
  'keyTaken',
  'countryUnknown',
  'countryInEea',
  'countriesMissing',
  'countriesNotAllowed',
  'accessNotConfigured',
  'jitsiAppIdMissing',
  'jitsiAppIdNotAllowed',
] as const;
export type TServiceProblem = (typeof SERVICE_PROBLEMS)[number];
const isProblem = (message: string): message is TServiceProblem => (SERVICE_PROBLEMS as readonly string[]).includes(message);

const problem = (ctx: z.RefinementCtx, path: keyof TServiceSettings, message: TServiceProblem) =>
  ctx.addIssue({ code: 'custom', path: [path], message });

const yesNo = z.enum(['yes', 'no']).transform((v) => v === 'yes');

/** "US, GB" or "us gb": upper-cased codes, each once, sorted. */
const countryList = z
  .string()
  .max(400)
  .transform((raw) =>
    [
      ...new Set(
        raw
          .toUpperCase()
          .split(/[\s,;]+/)
          .filter(Boolean),
      ),
    ].sort(),
  )
  .superRefine((codes, ctx) => {
    if (codes.some((code) => !ISO_COUNTRY_CODES.has(code)))
      ctx.addIssue({ code: 'custom', message: 'countryUnknown' satisfies TServiceProblem });
    else if (codes.some((code) => EU_EEA_COUNTRY_CODES.has(code)))
      ctx.addIssue({ code: 'custom', message: 'countryInEea' satisfies TServiceProblem });
  });

/**
 * An https address with exactly one "{room}", where the gateway sends participants; no credentials in
 * it, since it is shown on pages and kept in the log. Or a demo service's stand-in page in the app (0069),
 * checked against the service's key below.
 */
const joinUrlTemplate = z
  .string()
  .trim()
  .max(500)
  .refine((template) => {
    if (standInKeyOf(template)) return true;
    if (template.split('{room}').length !== 2) return false;
    const url = URL.canParse(template.replace('{room}', 'room')) ? new URL(template.replace('{room}', 'room')) : null;
    return url !== null && url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  });

/** The service form: a new service (with its key) or a change to one (key fixed). One schema for both, per server. */
export function makeZServiceProposalInput(capabilities: TAccessCapabilities) {
  return z
    .object({
      key: z
        .string()
        .trim()
        .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/),
      name: z.string().trim().min(2).max(80),
      operator: z.string().trim().min(2).max(200),
      processingRegion: z.enum(['EU_EEA', 'THIRD_COUNTRY']),
      thirdCountries: countryList,
      endToEndEncrypted: yesNo,
      canRecord: yesNo,
      joinUrlTemplate,
      access: z.enum(['LINK', 'JITSI_JWT', 'LIVEKIT']),
      jitsiAppId: z
        .string()
        .trim()
        .max(64)
        .regex(/^[A-Za-z0-9_.-]*$/)
        .transform((v) => v || null),
    })
    .superRefine((input, ctx) => {
      // Checked once every field parses on its own (zod runs object refinements only then).
      const countries = input.thirdCountries;
      if (input.processingRegion === 'THIRD_COUNTRY' && countries.length === 0) problem(ctx, 'thirdCountries', 'countriesMissing');
      else if (input.processingRegion === 'EU_EEA' && countries.length > 0) problem(ctx, 'thirdCountries', 'countriesNotAllowed');
      if ((input.access === 'JITSI_JWT' && !capabilities.jitsi) || (input.access === 'LIVEKIT' && !capabilities.livekit)) {
        problem(ctx, 'access', 'accessNotConfigured');
      }
      if (input.access === 'JITSI_JWT' && !input.jitsiAppId) problem(ctx, 'jitsiAppId', 'jitsiAppIdMissing');
      if (input.access !== 'JITSI_JWT' && input.jitsiAppId) problem(ctx, 'jitsiAppId', 'jitsiAppIdNotAllowed');
      // A stand-in shows its own service only, and takes no join token.
      const standIn = standInKeyOf(input.joinUrlTemplate);
      if (standIn && (standIn !== input.key || input.access !== 'LINK'))
        ctx.addIssue({ code: 'custom', path: ['joinUrlTemplate'], message: 'standInMismatch' });
    });
}

/** What the form posts: every field as text. */
export type TServiceProposalForm = { [K in keyof TServiceSettings]: string };

export type TServiceFieldError = { field: keyof TServiceSettings; problem: TServiceProblem | null };

/** Every field's problem, each field once, in form order: the specific one where there is one. */
export function serviceFieldErrors(error: z.ZodError): TServiceFieldError[] {
  const byField = new Map<keyof TServiceSettings, TServiceProblem | null>();
  for (const issue of error.issues) {
    const field = String(issue.path[0]) as keyof TServiceSettings;
    const specific = issue.code === 'custom' && isProblem(issue.message) ? issue.message : null;
    if (!byField.has(field) || (specific && !byField.get(field))) byField.set(field, specific);
  }
  return FORM_ORDER.filter((field) => byField.has(field)).map((field) => ({ field, problem: byField.get(field) ?? null }));
}

const FORM_ORDER: (keyof TServiceSettings)[] = [
  'key',
  'name',
  'operator',
  'processingRegion',
  'thirdCountries',
  'endToEndEncrypted',
  'canRecord',
  'joinUrlTemplate',
  'access',
  'jitsiAppId',
];
