// The layers and the arrows allowed between them: the one source the layer check (.dependency-cruiser.mjs)
// enforces and docs/architecture.md shows. An arrow not listed here fails CI; so does one listed but unused.

/** Shared server infrastructure: no domain knowledge; each may import the ones listed. */
export const INFRASTRUCTURE = {
  env: [],
  logging: [],
  crypto: [],
  db: ['logging'],
  request: ['env'],
  migrate: [],
  observability: ['db', 'logging'],
};

/** Domains, each with the domains it may import (all of them may import the infrastructure and shared/). */
export const DOMAINS = {
  legal: [],
  video: [],
  'four-eyes': ['auth'],
  'consent-rules': [],
  'audit-log': [],
  transparency: ['auth', 'audit-log'],
  auth: ['audit-log'],
  'print-api': [],
  letters: ['print-api', 'auth', 'audit-log', 'legal'],
  admin: ['letters', 'print-api', 'auth', 'audit-log'],
  disclosure: ['auth', 'four-eyes', 'audit-log'],
  consultation: ['consent-rules', 'disclosure', 'auth'],
  call: ['consultation', 'video', 'consent-rules', 'auth', 'audit-log'],
  consent: ['call', 'consultation', 'video', 'consent-rules', 'disclosure', 'auth', 'audit-log'],
  scheduling: ['call', 'consultation', 'auth', 'audit-log'],
  'video-service': ['consent-rules', 'four-eyes', 'auth', 'audit-log'],
  witnessing: ['transparency', 'auth', 'audit-log'],
  compliance: ['consent', 'consultation', 'four-eyes', 'transparency', 'auth', 'audit-log'],
  receipts: ['witnessing', 'transparency', 'auth', 'audit-log'],
  'member-data': ['consent', 'letters', 'auth', 'audit-log'],
  retention: ['audit-log'],
  live: ['auth'],
  backup: ['transparency'],
  bench: [],
};
