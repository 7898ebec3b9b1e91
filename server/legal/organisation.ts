import 'server-only';
import { env } from '@/server/env';

export type TOrganisation = {
  name: string;
  legalForm: string;
  address: string;
  email: string;
  phone: string;
  board: string;
  supervisor: string;
  dpoEmail: string;
  accessibilityEmail: string;
};

/** The insurer as the legal pages and receipts name it, from the configuration. */
export function organisation(): TOrganisation {
  const e = env();
  return {
    name: e.CONTROLLER_NAME,
    legalForm: e.CONTROLLER_LEGAL_FORM,
    address: e.CONTROLLER_ADDRESS,
    email: e.CONTROLLER_EMAIL,
    phone: e.CONTROLLER_PHONE,
    board: e.CONTROLLER_BOARD,
    supervisor: e.CONTROLLER_SUPERVISOR,
    dpoEmail: e.DPO_EMAIL,
    accessibilityEmail: e.ACCESSIBILITY_EMAIL,
  };
}
