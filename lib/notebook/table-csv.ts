/**
 * Tables as CSV files a student can take away: `saveTable(input, name)` writes
 * `<results directory>/<notebook>/<name>.csv` (results/04-k-sample-bound/lk-sweep.csv; under
 * results/interactive/ for `npm run lab`), whole or not at all (`writeFileAtomic`), and shows one line
 * saying where. `tableCsv` is the text alone.
 *
 * Format (RFC 4180): a header of column names, one line per row, "\n" line ends; a cell holding a comma,
 * a quote, a line break or leading/trailing spaces is quoted, its quotes doubled. Numbers are written
 * exactly (shortest round-trip form, not the table's rounded digits), ±∞ as `inf` / `-inf` (what pandas
 * and R read), an empty cell for null/undefined.
 *
 * Errors (ArgumentError naming the argument and the function): input that is neither records nor a
 * DataFrame, no rows, a NaN cell (named by column and row: a NaN is never written), a table name that
 * is not a plain file name, no notebook run (`startNotebook` names the folder).
 */
import { relative, join } from "node:path";
import { ArgumentError } from "../errors";
import { writeFileAtomic } from "../io/atomic-file";
import { displayBundle } from "./display";
import { frameRecords, isDataFrame } from "./data-frame";
import { currentResults, projectRoot, resultsDirectory } from "./results";
import type { TableInput } from "./table";

function csvCell(v: unknown, column: string, row: number, fn: string): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (Number.isNaN(v)) throw new ArgumentError("input", fn, `column '${column}' is NaN in row ${row}`);
    return Number.isFinite(v) ? String(v) : v > 0 ? "inf" : "-inf";
  }
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV text of a table (records or a DataFrame); see the module comment for the format. */
export function tableCsv(input: TableInput, fn = "tableCsv"): string {
  const records = isDataFrame(input) ? frameRecords(input, fn) : input;
  if (!Array.isArray(records)) throw new ArgumentError("input", fn, "must be an array of records or a danfojs DataFrame");
  if (records.length === 0) throw new ArgumentError("input", fn, "must hold at least one row");
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const lines = [columns.map((c, i) => csvCell(c, `#${i}`, 0, fn)).join(",")];
  records.forEach((r, i) => lines.push(columns.map((c) => csvCell(r[c], c, i, fn)).join(",")));
  return lines.join("\n") + "\n";
}

/**
 * Writes the table as `<results directory>/<notebook>/<name>.csv` and shows one line
 * ("table → results/<notebook>/<name>.csv"). Returns the file's absolute path.
 */
export function saveTable(input: TableInput, name: string): string {
  const fn = "saveTable";
  if (typeof name !== "string" || !/^[\w.-]+$/.test(name) || name.startsWith(".")) {
    throw new ArgumentError("name", fn, `must be a plain file name without .csv (letters, digits, _ . -), got ${JSON.stringify(name)}`);
  }
  let notebook: string;
  try {
    notebook = currentResults().notebook;
  } catch {
    throw new Error(`${fn}: no notebook run; call 'await startNotebook(name, { seed })' first (it names the folder)`);
  }
  const text = tableCsv(input, fn);
  const path = join(resultsDirectory(), notebook, `${name}.csv`);
  writeFileAtomic(path, text, fn);
  const shown = relative(projectRoot(process.cwd()), path);
  displayBundle({ "text/plain": `table → ${shown.startsWith("..") ? path : shown}` });
  return path;
}
