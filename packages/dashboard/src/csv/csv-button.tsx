import { h } from 'preact';
import { downloadCsv } from './download-csv.js';
import { toCsv, type CsvCell } from './to-csv.js';

export interface CsvButtonProps {
  filename: string;
  header: readonly string[];
  rows: () => readonly (readonly CsvCell[])[];
  /** What is exported, for screen readers: `Download CSV of CSAT by touchpoint`. */
  what: string;
}

/** "Download CSV" of a table: built when pressed, from the same rows the table shows. */
export function CsvButton({ filename, header, rows, what }: CsvButtonProps) {
  return (
    <button type="button" class="csv" aria-label={`Download CSV of ${what}`} title={filename} onClick={() => downloadCsv(filename, toCsv(header, rows()))}>
      Download CSV
    </button>
  );
}
