/** What a spreadsheet may read as the start of a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number: a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A cell of a CSV file the service writes, made safe to open in a spreadsheet: a value that
 * would start a formula (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`, a leading tab or CR) gets a
 * leading apostrophe, which shows it as text. docs/decisions/0043-csv-cells-never-formulas.md
 */
export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** csv-stringify's `cast` option that passes every string cell through spreadsheetSafe. */
export const SPREADSHEET_SAFE_CAST = { string: (value: string) => spreadsheetSafe(value) };
