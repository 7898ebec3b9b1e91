/**
 * The notice style for a check's outcome: passed, failed, or not decided (nothing checked yet, or
 * nothing to say either way), which keeps the plain notice.
 */
export function noticeClass(passed: boolean | null | undefined): string {
  return passed === true ? 'notice notice--ok' : passed === false ? 'notice notice--error' : 'notice';
}
