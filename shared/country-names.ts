/** Country names in the reader's language, e.g. "Vereinigte Staaten" for US. */
export function countryNames(codes: string[], language: string): string {
  const names = new Intl.DisplayNames([language === 'en' ? 'en' : 'de'], { type: 'region' });
  return codes.map((code) => names.of(code) ?? code).join(', ');
}
