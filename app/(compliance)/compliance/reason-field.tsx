/** The optional "why" an officer gives for reading or exporting personal data; logged with the access. */
export function ReasonField({ id, label, hint }: { id: string; label: string; hint: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="hint" id={`${id}-hint`}>
        {hint}
      </span>
      <input id={id} name="reason" type="text" maxLength={200} aria-describedby={`${id}-hint`} />
    </div>
  );
}
