/** A CSV cell: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | boolean | null | undefined;

/** Text a spreadsheet would run as a formula (`=HYPERLINK(…)` in a customer's comment): prefixed with `'`. */
const FORMULA = /^[=+\-@\t\r]/;

function cell(value: CsvCell): string {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV: a header row, then one line per row, CRLF line ends; a cell holding a comma, a quote or a line break
 * is quoted, its quotes doubled. Numbers are written as they are; text that looks like a formula is defused.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
