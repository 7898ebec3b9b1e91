// The demo's accounts, as the README lists them, apart from the seed so that tests can sign in as them
// without loading the app's modules. Passwords here are for the local demo only.
import type { AccountKind } from '@/server/db/generated/enums';

export const DEMO_PASSWORD = 'Beratung-2026!';

/**
 * `totpKey`: the demo's fixed second-factor key (base32), published in the README so that anyone
 * trying the demo can add it to an authenticator app (or run `oathtool --totp -b KEY`). Demo only:
 * a real account's key is made at setup and never shown again. Selin Yılmaz has none, to show setup.
 */
export const DEMO_ACCOUNTS: { kind: AccountKind; loginName: string; displayName: string; initial?: boolean; totpKey?: string }[] = [
  { kind: 'MEMBER', loginName: 'A123456780', displayName: 'Erika Mustermann' },
  // Waits for a password letter: `npm run letters:print` prints it, with the code to sign in once.
  { kind: 'MEMBER', loginName: 'B987654320', displayName: 'Jonas Becker', initial: true },
  { kind: 'EMPLOYER', loginName: '12345671', displayName: 'Musterbau GmbH' },
  { kind: 'ADVISOR', loginName: 'm.berger', displayName: 'Miriam Berger', totpKey: 'MBERGERDEMOTOTPKEYFORTHEGATEWAY2' },
  { kind: 'ADVISOR', loginName: 's.yilmaz', displayName: 'Selin Yılmaz' },
  { kind: 'COMPLIANCE', loginName: 'k.schmidt', displayName: 'Katrin Schmidt', totpKey: 'KSCHMIDTDEMOTOTPKEYFORTHEGATEWAY' },
  { kind: 'COMPLIANCE', loginName: 't.wagner', displayName: 'Thomas Wagner', totpKey: 'TWAGNERDEMOTOTPKEYFORTHEGATEWAY3' },
  { kind: 'ADMIN', loginName: 'a.krueger', displayName: 'Andreas Krüger', totpKey: 'AKRUEGERDEMOTOTPKEYFORTHEGATEWAY' },
];
