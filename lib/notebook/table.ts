/**
 * Tables as HTML (with a text/plain twin) from an array of records: one row per record, one column per
 * key (in order of first appearance). Numbers print with `digits` significant digits, ±∞ as "∞"/"−∞".
 * In HTML, numeric cells are right-aligned and never wrap (`white-space:nowrap`, so "-3.3307e-16"
 * stays on one line); text cells are left-aligned. A header is aligned like its column: right when
 * every non-empty cell of the column is a number, left otherwise.
 *
 * Cells: numbers, strings, booleans and bigints print as themselves; a key a record lacks is an empty cell.
 * NaN and null are errors naming the row and column and the function called (like `record`: a silent "NaN"
 * hides a failed computation), unless the caller asks for them to be shown by passing `missing` (for
 * example `missing: "—"`), the text such a cell then shows. An object, array, function or symbol is always
 * an error ("[object Object]" tells nothing): format it into a string first. Every text is escaped in HTML.
 */
import { ArgumentError, assertInteger } from "../errors";
import { displayBundle, escapeHtml } from "./display";
import { frameRecords, isDataFrame, type DataFrame } from "./data-frame";

/** Records, or a danfojs DataFrame (read as records by `frameRecords`, lib/notebook/data-frame.ts). */
export type TableInput = Record<string, unknown>[] | DataFrame;

export interface TableOptions {
  /** Significant digits for numbers (default 6). */
  digits?: number;
  caption?: string;
  /** Text shown for a NaN or null cell (for example "—"); without it such a cell is an error. */
  missing?: string;
}

function formatCell(v: unknown, digits: number, missing: string | undefined, at: { row: number; column: string }, fn: string): string {
  const where = () => `input[${at.row}][${JSON.stringify(at.column)}]`;
  const cell = `(column '${at.column}', row ${at.row})`;
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    if (Number.isNaN(v)) {
      if (missing !== undefined) return missing;
      throw new ArgumentError(where(), fn, `is NaN ${cell}: a table shows no silent NaN (pass options.missing, for example "—", to show it)`);
    }
    if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
    return Number(v.toPrecision(digits)).toString();
  }
  if (v === undefined || typeof v === "string" || typeof v === "boolean" || typeof v === "bigint") return v === undefined ? "" : String(v);
  if (v === null) {
    if (missing !== undefined) return missing;
    throw new ArgumentError(where(), fn, `is null ${cell}: pass options.missing (for example "—") to show a missing value`);
  }
  const kind = Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `a ${typeof v}`;
  throw new ArgumentError(where(), fn, `is ${kind} ${cell}: a cell holds a number, a string or a boolean (format it into a string first)`);
}

function cells(input: TableInput, digits: number, missing: string | undefined, fn: string): { columns: string[]; rows: string[][] } {
  if (isDataFrame(input)) input = frameRecords(input, fn);
  if (!Array.isArray(input)) throw new ArgumentError("input", fn, "must be an array of records or a danfojs DataFrame");
  input.forEach((r, i) => {
    if (r === null || typeof r !== "object" || Array.isArray(r)) throw new ArgumentError(`input[${i}]`, fn, "must be a record (an object of column: value)");
  });
  assertInteger(digits, "options.digits", fn, 1);
  if (digits > 100) throw new ArgumentError("options.digits", fn, `must be at most 100, got ${digits}`);
  if (missing !== undefined && typeof missing !== "string") throw new ArgumentError("options.missing", fn, "must be a string");
  const columns = [...new Set(input.flatMap((r) => Object.keys(r)))];
  return {
    columns,
    rows: input.map((r, i) => columns.map((c) => formatCell(r[c], digits, missing, { row: i, column: c }, fn))),
  };
}

/** Columns and rows of formatted cells (see the module comment; `missing` as in `TableOptions`). */
export function tableCells(input: TableInput, digits = 6, missing?: string): { columns: string[]; rows: string[][] } {
  return cells(input, digits, missing, "tableCells");
}

/** HTML and plain-text renderings of a table. */
export function renderTable(input: TableInput, options: TableOptions = {}): { html: string; text: string } {
  return render(input, options, "renderTable");
}

function render(input: TableInput, options: TableOptions, fn: string): { html: string; text: string } {
  if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, "must be an object");
  if (options.caption !== undefined && typeof options.caption !== "string") throw new ArgumentError("options.caption", fn, "must be a string");
  const { columns, rows } = cells(input, options.digits ?? 6, options.missing, fn);
  const numeric = (s: string) => s !== "" && (!Number.isNaN(Number(s)) || s === "∞" || s === "−∞");
  // a missing value ("—") is aligned with its column, like an empty cell
  const blank = (s: string) => s === "" || s === options.missing;
  const numericColumn = columns.map((_, i) => rows.every((r) => blank(r[i]) || numeric(r[i])) && rows.some((r) => !blank(r[i])));
  const cellStyle = (v: string, i: number) =>
    (numeric(v) || (blank(v) && numericColumn[i]) ? "text-align:right;white-space:nowrap" : "text-align:left");
  // a table wider than the output area scrolls sideways inside it instead of being cut at its edge
  const html =
    `<div class="elbolab-table-scroll" style="overflow-x:auto;max-width:100%"><table class="elbolab-table">` +
    (options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : "") +
    `<thead><tr>${columns.map((c, i) => `<th style="text-align:${numericColumn[i] ? "right" : "left"}">${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((v, i) => `<td style="${cellStyle(v, i)}">${escapeHtml(v)}</td>`).join("")}</tr>`).join("") +
    `</tbody></table></div>`;
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((v, i) => v.padStart(widths[i])).join("  ");
  const text = [options.caption ?? "", line(columns), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)]
    .filter((l, i) => i > 0 || l !== "")
    .join("\n");
  return { html, text };
}

/** Displays a table. */
export function showTable(input: TableInput, options: TableOptions = {}): void {
  const { html, text } = render(input, options, "showTable");
  displayBundle({ "text/html": html, "text/plain": text });
}
