import 'server-only';
import { canonicalJson } from '@/server/crypto/canonical-json';
import { sha256Hex } from '@/server/crypto/sha256';
import type { ProcessingRegion, VideoAccess } from '@/server/db/generated/enums';

/** Everything about a video service that compliance governs: its facts (which consents rely on) and how members reach it. */
export type TServiceSettings = {
  key: string;
  name: string;
  operator: string;
  processingRegion: ProcessingRegion;
  thirdCountries: string[];
  endToEndEncrypted: boolean;
  canRecord: boolean;
  joinUrlTemplate: string;
  access: VideoAccess;
  jitsiAppId: string | null;
};

export const SETTING_FIELDS = [
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
] as const satisfies readonly (keyof TServiceSettings)[];

export const SETTINGS_SELECT = Object.fromEntries(SETTING_FIELDS.map((field) => [field, true])) as {
  [K in (typeof SETTING_FIELDS)[number]]: true;
};

export function settingsOf(row: TServiceSettings): TServiceSettings {
  return {
    key: row.key,
    name: row.name,
    operator: row.operator,
    processingRegion: row.processingRegion,
    thirdCountries: [...row.thirdCountries].sort(),
    endToEndEncrypted: row.endToEndEncrypted,
    canRecord: row.canRecord,
    joinUrlTemplate: row.joinUrlTemplate,
    access: row.access,
    jitsiAppId: row.jitsiAppId,
  };
}

/** Identifies a service's settings at one moment, so an approval can tell that they changed since the proposal. */
export function settingsHash(settings: TServiceSettings): string {
  return sha256Hex(canonicalJson(settingsOf(settings)));
}

/** The settings that differ, in form order. */
export function changedSettings(before: TServiceSettings, after: TServiceSettings): (keyof TServiceSettings)[] {
  const a = settingsOf(before);
  const b = settingsOf(after);
  return SETTING_FIELDS.filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]));
}
