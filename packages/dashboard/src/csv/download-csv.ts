/**
 * Saves `csv` as a file, in the browser, without a round trip: a Blob, a temporary link with `download`, a click.
 * The byte-order mark makes spreadsheet programs read the file as UTF-8 (comments have accents and emoji).
 */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
