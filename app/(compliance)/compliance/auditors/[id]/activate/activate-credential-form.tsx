'use client';

import { useActionState } from 'react';
import { ShownOnceNotice } from '@/components/shown-once-notice';
import { type TActivateAuditorCredentialState, activateAuditorCredentialAction } from '../../actions';

type TRefusal = NonNullable<TActivateAuditorCredentialState['error']>;
type TLabels = { submit: string; cancel: string; activated: string; activatedHint: string } & Record<TRefusal, string>;

const INITIAL: TActivateAuditorCredentialState = { secondPart: null, error: null };
const LIST = '/compliance/auditors';

/** Activates a credential; the second part of its token is shown once, in the answer (with or without JavaScript). */
export function ActivateAuditorCredentialForm({
  credentialId,
  status,
  labels,
}: {
  credentialId: string;
  status: 'waiting' | TRefusal;
  labels: TLabels;
}) {
  const [state, action, pending] = useActionState(activateAuditorCredentialAction, INITIAL);
  if (state.secondPart) {
    return (
      <ShownOnceNotice
        intro={<p>{labels.activated}</p>}
        secret={state.secondPart}
        testId="auditor-token-second-part"
        hint={labels.activatedHint}
        back={{ href: LIST, label: labels.cancel }}
      />
    );
  }
  const refusal = state.error ?? (status === 'waiting' ? null : status);
  if (refusal) {
    // One's own credential is a mistake to point out; an active or expired one is simply the state of things.
    const own = refusal === 'own';
    return (
      <>
        <div className={own ? 'notice notice--error' : 'notice'} role={own ? 'alert' : 'status'}>
          <p>{labels[refusal]}</p>
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
