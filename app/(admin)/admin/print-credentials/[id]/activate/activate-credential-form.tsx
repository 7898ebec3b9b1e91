'use client';

import { useActionState } from 'react';
import { ShownOnceNotice } from '@/components/shown-once-notice';
import { type TActivatePrintCredentialState, activatePrintCredentialAction } from '../../actions';

type TLabels = { submit: string; cancel: string; activated: string; activatedHint: string; alreadyActive: string; own: string };

const INITIAL: TActivatePrintCredentialState = { secondPart: null, error: null };
const LIST = '/admin/print-credentials';

/** Activates a credential; the second part of its token is shown once, in the answer (with or without JavaScript). */
export function ActivateCredentialForm({
  credentialId,
  status,
  labels,
}: {
  credentialId: string;
  status: 'waiting' | 'own' | 'active';
  labels: TLabels;
}) {
  const [state, action, pending] = useActionState(activatePrintCredentialAction, INITIAL);
  if (state.secondPart) {
    return (
      <ShownOnceNotice
        intro={<p>{labels.activated}</p>}
        secret={state.secondPart}
        testId="print-token-second-part"
        hint={labels.activatedHint}
        back={{ href: LIST, label: labels.cancel }}
      />
    );
  }
  const refusal = state.error ?? (status === 'waiting' ? null : status === 'own' ? 'own' : 'already-active');
  if (refusal) {
    return (
      <>
        <div className={refusal === 'own' ? 'notice notice--error' : 'notice'} role={refusal === 'own' ? 'alert' : 'status'}>
          <p>{refusal === 'own' ? labels.own : labels.alreadyActive}</p>
        </div>
        <p>
          <a href={LIST}>{labels.cancel}</a>
        </p>
      </>
    );
  }
  return (
    <form action={action} className="button-row">
      <input type="hidden" name="credentialId" value={credentialId} />
      <button type="submit" className="button" disabled={pending}>
        {labels.submit}
      </button>
      <a className="button button--secondary" href={LIST}>
        {labels.cancel}
      </a>
    </form>
  );
}
