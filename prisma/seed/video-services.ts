// The two kinds of video service the demo and the tests use, with their disclosure texts.
import { SELF_HOSTED_DISCLOSURE, THIRD_PARTY_DISCLOSURE } from '@/prisma/seed/disclosure-texts';
import type { ProcessingRegion } from '@/server/db/generated/enums';
import { standInTemplate } from '@/shared/video/stand-in';

export type TVideoServiceDefinition = {
  key: string;
  name: string;
  operator: string;
  processingRegion: ProcessingRegion;
  thirdCountries?: string[];
  endToEndEncrypted: boolean;
  canRecord: boolean;
  joinUrlTemplate: string;
  disclosures: Record<'de' | 'en', { title: string; body: string }>;
};

// The demo's third-party service is invented (no claims about a real vendor): a US company outside EU law.
// Its address is under .example, which never resolves, so a demo "join" cannot reach anyone's real service.
export const VIDARIO: TVideoServiceDefinition = {
  key: 'vidario',
  name: 'Vidario',
  // An operator's name reads the same in every language; that Vidario is invented is said where the demo is described.
  operator: 'Vidario Inc., USA',
  processingRegion: 'THIRD_COUNTRY',
  thirdCountries: ['US'],
  endToEndEncrypted: false,
  canRecord: true,
  joinUrlTemplate: 'https://join.vidario.example/{room}',
  disclosures: THIRD_PARTY_DISCLOSURE,
};

export const KASSEN_VIDEO: TVideoServiceDefinition = {
  key: 'kassen-video',
  name: 'Kassen-Video',
  operator: 'Musterkasse, Frankfurt am Main',
  processingRegion: 'EU_EEA',
  endToEndEncrypted: true,
  canRecord: true,
  joinUrlTemplate: 'https://video.kasse.example/{room}',
  disclosures: SELF_HOSTED_DISCLOSURE,
};

/**
 * A service as the demo sets it up: joining leads to its stand-in page inside the app (docs/decisions/0069),
 * so a demo never sends anyone to a video service. Tests keep the services' own https addresses.
 */
export function asDemoService(definition: TVideoServiceDefinition): TVideoServiceDefinition {
  return { ...definition, joinUrlTemplate: standInTemplate(definition.key) };
}
