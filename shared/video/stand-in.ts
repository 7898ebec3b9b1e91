// A demo service's join address: a page of the gateway itself that stands in for the service's call screen,
// so that "join" in the demo never leaves the machine (docs/decisions/0069).

const STAND_IN = /^\/demo-video\/([a-z0-9-]+)\/\{room\}$/;

/** The join template of the stand-in for the service with this key: relative to the app. */
export function standInTemplate(serviceKey: string): string {
  return `/demo-video/${serviceKey}/{room}`;
}

/** Whether a join template is a stand-in's (relative to the app), and for which service key. */
export function standInKeyOf(template: string): string | null {
  return STAND_IN.exec(template)?.[1] ?? null;
}
