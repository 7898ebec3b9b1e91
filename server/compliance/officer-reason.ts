import 'server-only';
import { z } from 'zod';

/** The optional "why" an officer gives for reading personal data: one line, kept with the read's log entry. */
export const ZOfficerReason = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : v),
  z
    .string()
    .max(200)
    .optional()
    .transform((v) => (v ? v : undefined)),
);
