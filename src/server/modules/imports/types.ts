/**
 * The shapes an import passes through: a file is opened as a workbook of sheets, a sheet read as raw rows,
 * a header found, columns matched to register fields, each row parsed into a record or its errors.
 */

/** One cell as the file holds it: text, a number (an ID number saved as a number stays visible as such), a date cell, a flag. */
export type Cell = string | number | boolean | Date | null;

/** One row of a sheet; rowNumber is the row as the spreadsheet numbers it (1-based), so errors name what the user sees. */
export type RawRow = { rowNumber: number; cells: Cell[] };

export type FileFormat = 'xlsx' | 'xls' | 'ods' | 'csv';

export type SheetInfo = { index: number; name: string };

/** An opened file: its sheets, the first rows of each (to find the header and propose the roster sheet), and a reader. */
export type Workbook = {
  format: FileFormat;
  /** for .csv: the text encoding detected (utf-8, gb18030, utf-16le …) */
  encoding?: string;
  sheets: SheetInfo[];
  /** up to `n` first rows of a sheet, blank rows included */
  head(sheet: number, n: number): Promise<RawRow[]>;
  /** every row of a sheet, in order; throws the row-limit error past the limit */
  rows(sheet: number): AsyncIterable<RawRow>;
};

/** The header found in a sheet: the row(s) that hold the labels, and each column's label (two-row headers joined). */
export type Header = {
  /** row number of the (last) header row; data starts below it */
  row: number;
  /** 1 or 2 rows of labels */
  depth: 1 | 2;
  /** one entry per non-empty column label, by 0-based column index */
  columns: { index: number; label: string }[];
};

export type { FieldDef, Mapping } from '../../../shared/imports.js';
