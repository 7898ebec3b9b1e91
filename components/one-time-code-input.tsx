/**
 * The six-digit code from an authenticator app, as the code step and the setup page ask for it: numeric
 * keyboard on phones, and the browser's one-time-code autofill. Spaces are allowed (apps show "123 456").
 */
export function OneTimeCodeInput({
  describedBy,
  invalid,
  autoFocus,
}: {
  describedBy: string | undefined;
  invalid: boolean;
  autoFocus?: boolean;
}) {
  return (
    <input
      id="code"
      name="code"
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      maxLength={10}
      required
      // eslint-disable-next-line jsx-a11y/no-autofocus -- only on the code page, whose one task is this field (callers opt in)
      autoFocus={autoFocus}
      className="input--code"
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
    />
  );
}
