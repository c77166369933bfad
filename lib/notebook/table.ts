/**
 * Tables as HTML (with a text/plain twin) from an array of records: one row per record, one column per
 * key (in order of first appearance). Numbers print with `digits` significant digits, ±∞ as "∞"/"−∞".
 * In HTML, numeric cells are right-aligned and never wrap (`white-space:nowrap`, so "-3.3307e-16"
 * stays on one line); text cells are left-aligned. A header is aligned like its column: right when
 * every non-empty cell of the column is a number, left otherwise.
 */
import { ArgumentError } from "../errors";
import { displayBundle, escapeHtml } from "./display";
import { frameRecords, isDataFrame, type DataFrame } from "./data-frame";

/** Records, or a danfojs DataFrame (read as records by `frameRecords`, lib/notebook/data-frame.ts). */
export type TableInput = Record<string, unknown>[] | DataFrame;

export interface TableOptions {
  /** Significant digits for numbers (default 6). */
  digits?: number;
  caption?: string;
}

function formatCell(v: unknown, digits: number): string {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "∞" : "−∞";
    return Number(v.toPrecision(digits)).toString();
  }
  return v === null || v === undefined ? "" : String(v);
}

/** Columns and rows of formatted cells. */
export function tableCells(input: TableInput, digits = 6): { columns: string[]; rows: string[][] } {
  if (isDataFrame(input)) input = frameRecords(input, "tableCells");
  if (Array.isArray(input)) {
    const columns = [...new Set(input.flatMap((r) => Object.keys(r)))];
    return { columns, rows: input.map((r) => columns.map((c) => formatCell(r[c], digits))) };
  }
  throw new ArgumentError("input", "tableCells", "must be an array of records or a danfojs DataFrame");
}

/** HTML and plain-text renderings of a table. */
export function renderTable(input: TableInput, options: TableOptions = {}): { html: string; text: string } {
  const { columns, rows } = tableCells(input, options.digits ?? 6);
  const numeric = (s: string) => s !== "" && (!Number.isNaN(Number(s)) || s === "∞" || s === "−∞");
  const cellStyle = (v: string) => (numeric(v) ? "text-align:right;white-space:nowrap" : "text-align:left");
  const numericColumn = columns.map((_, i) => rows.every((r) => r[i] === "" || numeric(r[i])) && rows.some((r) => r[i] !== ""));
  const html =
    `<table class="elbolab-table">` +
    (options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : "") +
    `<thead><tr>${columns.map((c, i) => `<th style="text-align:${numericColumn[i] ? "right" : "left"}">${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((v) => `<td style="${cellStyle(v)}">${escapeHtml(v)}</td>`).join("")}</tr>`).join("") +
    `</tbody></table>`;
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((v, i) => v.padStart(widths[i])).join("  ");
  const text = [options.caption ?? "", line(columns), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)]
    .filter((l, i) => i > 0 || l !== "")
    .join("\n");
  return { html, text };
}

/** Displays a table. */
export function showTable(input: TableInput, options: TableOptions = {}): void {
  const { html, text } = renderTable(input, options);
  displayBundle({ "text/html": html, "text/plain": text });
}
