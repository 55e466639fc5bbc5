/** A file name part: letters, digits, `_`, `.` and `-`; anything else becomes `_`. */
const safe = (part: string) => part.replace(/[^A-Za-z0-9_.-]+/g, '_');

/** `feedloop-shop-csat-touchpoint-2026-11-01-2026-11-30.csv` */
export function csvFilename(...parts: string[]): string {
  return `${['feedloop', ...parts].map(safe).join('-')}.csv`;
}
