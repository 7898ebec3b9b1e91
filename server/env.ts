import 'server-only';
import { z } from 'zod';

// Parsed once; only server code reads configuration. Database settings: server/db/database-target.ts.
const years = (fallback: number) => z.coerce.number().int().min(1).max(30).default(fallback);
const days = (fallback: number) => z.coerce.number().int().min(1).max(3650).default(fallback);

export const ZEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** Encrypts the session cookie (next-auth). */
    AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters'),
    /** Signs served-disclosure tokens and keys the IP pseudonymisation. Separate from AUTH_SECRET. */
    GATEWAY_SECRET: z.string().min(32, 'GATEWAY_SECRET must be at least 32 characters'),
    /** Signs Jitsi Meet join tokens (HS256), shared with the Jitsi server; needed once a service uses JITSI_JWT. */
    JITSI_APP_SECRET: z.string().min(32, 'JITSI_APP_SECRET must be at least 32 characters').optional(),
    /** LiveKit's server API (https://…; wss:// is accepted and means the same host), with the API key and
     * secret that sign its access tokens and verify its webhooks; all three or none. */
    LIVEKIT_API_URL: z.url({ protocol: /^(https?|wss?)$/ }).optional(),
    LIVEKIT_API_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{3,64}$/, 'LIVEKIT_API_KEY must be 3-64 letters, digits, "-" or "_"')
      .optional(),
    LIVEKIT_API_SECRET: z.string().min(32, 'LIVEKIT_API_SECRET must be at least 32 characters').optional(),
    /** Ed25519 private key seed (32 bytes, base64) that signs the log's checkpoints; without it none are made. */
    LOG_SIGNING_KEY: z
      .string()
      .refine(
        (v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]{43}=$/.test(v),
        'LOG_SIGNING_KEY must be 32 bytes in base64 (44 characters)',
      )
      .optional(),
    /** The log's name in its checkpoints (their first line) and the signing key's name. */
    LOG_ORIGIN: z
      .string()
      .regex(/^[a-z0-9.-]+(\/[a-z0-9._-]+)*$/, 'LOG_ORIGIN must look like "host/path"')
      .default('consent-gateway.local/consent-log'),
    /** Verifier keys of retired signing keys, space-separated, still published so older checkpoints verify. */
    LOG_RETIRED_VERIFIER_KEYS: z.string().default(''),
    /** The trust policy (C2SP tlog-policy file): the witnesses with their URLs and the quorum; none = no witnessing. */
    WITNESS_POLICY_FILE: z
      .string()
      .optional()
      .transform((file) => file || undefined), // empty means unset, as .env.example leaves it
    /** The compliance overview and the log raise an alarm when the newest witnessed checkpoint lags the log by longer. */
    WITNESS_LAG_ALARM_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
    /** Where entries must be durable before a checkpoint over them goes to witnesses (docs/operations.md):
     * "local" (the database's own commit, or storage-level replication), or "sync-standby" (checked). */
    WITNESS_DURABILITY: z.enum(['local', 'sync-standby']).default('local'),
    // Retention periods (docs/decisions/0029): whole calendar years after the year of the last event for
    // evidence, days for operational records. Bounded so that a typo cannot erase everything at once.
    /** Personal fields of consent-log entries (who acted, about whom, from which network). */
    RETENTION_CONSENT_LOG_YEARS: years(4),
    /** Consultations with their consent decisions and violations (member, advisor, topic). */
    RETENTION_CONSULTATION_YEARS: years(4),
    /** The callback phone number given when declining video, after the consultation's time. */
    RETENTION_CALLBACK_PHONE_DAYS: days(30),
    /** Sessions, after their last activity or revocation. */
    RETENTION_SESSION_DAYS: days(30),
    /** Failed sign-ins (account, network pseudonym). */
    RETENTION_LOGIN_FAILURE_DAYS: days(90),
    RETENTION_PASSWORD_LETTER_DAYS: days(90),
    /** Ids of video-service webhook deliveries already handled (replay protection). */
    RETENTION_WEBHOOK_EVENT_DAYS: days(30),
    /** Log exports for auditors (their filter may name a member, their reason is free text). */
    RETENTION_LOG_EXPORT_DAYS: days(90),
    /** How often the app runs the purge, in hours; 0 = never (then run `npm run retention:purge` from a scheduler). */
    RETENTION_PURGE_EVERY_HOURS: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 7)
      .default(24),
    // The insurer as controller (GDPR Art. 13, imprint under § 5 DDG, accessibility statement, receipts).
    // The defaults describe the demo's fictitious insurer; production sets its own.
    CONTROLLER_NAME: z.string().min(2).max(200).default('Musterkasse – Die Gesundheitskasse (Demo)'),
    /** Legal form and status, e.g. "Körperschaft des öffentlichen Rechts". */
    CONTROLLER_LEGAL_FORM: z.string().min(2).max(200).default('Körperschaft des öffentlichen Rechts'),
    CONTROLLER_ADDRESS: z.string().min(5).max(300).default('Musterstraße 1, 10115 Berlin'),
    CONTROLLER_EMAIL: z.email().default('service@musterkasse.example'),
    CONTROLLER_PHONE: z
      .string()
      .regex(/^\+?[0-9 ()/-]{6,30}$/)
      .default('+49 30 1234567-0'),
    /** Who represents the controller (the board), for the imprint. */
    CONTROLLER_BOARD: z.string().min(2).max(300).default('Vorstand: Dr. Erika Beispiel (Vorsitzende), Max Muster'),
    /** The authority supervising the insurer (the imprint names it). */
    CONTROLLER_SUPERVISOR: z.string().min(2).max(300).default('Bundesamt für Soziale Sicherung, Friedrich-Ebert-Allee 38, 53113 Bonn'),
    /** The insurer's Institutionskennzeichen (IK, 9 digits): its identifier in receipts (ISO/IEC TS 27560 controller id). */
    CONTROLLER_IK: z
      .string()
      .regex(/^\d{9}$/, 'CONTROLLER_IK must be the 9-digit Institutionskennzeichen')
      .default('109999999'),
    /**
     * The SGB X provision the consent to processing social data rests on, as the data protection officer
     * confirms it (receipts name it per purpose beside GDPR Art. 6 and 9; docs/decisions/0060).
     */
    CONTROLLER_SOCIAL_DATA_BASIS: z.string().min(5).max(200).default('§ 67b Abs. 1 Satz 1 und Abs. 2 SGB X (Einwilligung)'),
    /** Where the consent log is stored, ISO 3166-1 alpha-2 codes separated by commas (receipts state it). */
    CONSENT_LOG_STORAGE_COUNTRIES: z
      .string()
      .regex(/^[A-Z]{2}(,[A-Z]{2}){0,9}$/, 'CONSENT_LOG_STORAGE_COUNTRIES must be ISO 3166-1 alpha-2 codes separated by commas')
      .default('DE')
      .transform((v) => v.split(',')),
    /** The privacy notice's address for receipts; by default /datenschutz under AUTH_URL. */
    PRIVACY_NOTICE_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The data protection officer's contact (GDPR Art. 13 (1) (b)). */
    DPO_EMAIL: z.email().default('datenschutz@musterkasse.example'),
    /** Where people report accessibility barriers (BITV 2.0 § 7: feedback mechanism). */
    ACCESSIBILITY_EMAIL: z.email().default('barrierefreiheit@musterkasse.example'),
    /** The public origin, e.g. https://beratung.example-kasse.de; used for same-origin checks. */
    AUTH_URL: z.url().optional(),
    /** Whose law governs the consents, ISO 3166-1 alpha-2 (the receipts' "jurisdiction", docs/decisions/0030). */
    CONTROLLER_JURISDICTION: z
      .string()
      .regex(/^[A-Z]{2}$/, 'CONTROLLER_JURISDICTION must be an ISO 3166-1 alpha-2 code')
      .default('DE'),
  })
  .refine((e) => [e.LIVEKIT_API_URL, e.LIVEKIT_API_KEY, e.LIVEKIT_API_SECRET].filter(Boolean).length % 3 === 0, {
    path: ['LIVEKIT_API_URL'],
    message: 'set LIVEKIT_API_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET together, or none of them',
  });

export type TEnv = z.infer<typeof ZEnv>;

let parsed: TEnv | undefined;

export function env(): TEnv {
  if (!parsed) {
    const result = ZEnv.safeParse(process.env);
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Invalid configuration: ${problems}. See README (Configuration).`);
    }
    parsed = result.data;
  }
  return parsed;
}
