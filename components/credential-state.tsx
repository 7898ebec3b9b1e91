/**
 * The state of a credential made by two people (print system, auditors; docs/decisions/0042, 0057) in its
 * list: active (and by whom), waiting for the second person (a link to activate it, unless it is the one
 * looking who made it), and the button that revokes it. Revoked or expired credentials are stated by the
 * list itself. The labels come translated, names and the credential's label filled in.
 */
export function CredentialState({
  credential,
  activateHref,
  revokeAction,
  labels,
}: {
  credential: { id: string; activatedAt: Date | null; mine: boolean };
  activateHref: string;
  revokeAction: (form: FormData) => Promise<void>;
  labels: {
    active: string;
    /** "activated by …", when the activator is known. */
    activatedBy: string | null;
    waitingForSecond: string;
    waiting: string;
    activate: string;
    activateLabel: string;
    revoke: string;
    revokeLabel: string;
  };
}) {
  return (
    <>
      {credential.activatedAt ? (
        <p>
          {labels.active}
          {labels.activatedBy ? <span className="muted"> ({labels.activatedBy})</span> : null}
        </p>
      ) : credential.mine ? (
        <p>{labels.waitingForSecond}</p>
      ) : (
        <p>
          {labels.waiting}{' '}
          <a href={activateHref} aria-label={labels.activateLabel}>
            {labels.activate}
          </a>
        </p>
      )}
      <form action={revokeAction}>
        <input type="hidden" name="credentialId" value={credential.id} />
        <button type="submit" className="button button--secondary" aria-label={labels.revokeLabel}>
          {labels.revoke}
        </button>
      </form>
    </>
  );
}
