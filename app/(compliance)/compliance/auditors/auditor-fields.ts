/** The create form's fields, in the form's order: ZAuditorCredentialInput's keys. */
export const AUDITOR_FIELDS = ['label', 'entriesFrom', 'entriesUntil', 'validUntil'] as const;
export type TAuditorField = (typeof AUDITOR_FIELDS)[number];
export type TAuditorFormValues = Record<TAuditorField, string>;
