import 'server-only';

/**
 * A Server Action's form argument as a request delivers it. React decodes whatever the request's
 * reply encoding says, so an action reached by its id can be handed a string, an object, nothing, or
 * a form as its "previous state"; calling `.get` on that would end in a 500. Anything but form data
 * counts as an empty form, which every action's schema refuses with its usual form error.
 */
export function formDataArgument(value: unknown): FormData {
  return value instanceof FormData ? value : new FormData();
}

/** A form field as text; missing, repeated beyond the first, or a file where text belongs: "" (the schema then refuses it). */
export function formText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
}
