/**
 * Tables as CSV files a student can take away: `saveTable(input, name)` writes
 * `<results directory>/<notebook>/<name>.csv` (results/04-k-sample-bound/lk-sweep.csv; under
 * results/interactive/ for `npm run lab`), whole or not at all (`writeFileAtomic`), and shows one line
 * saying where; `saveTables({ name: table, ... })` writes several and says where in one line.
 * `tableCsv` is the text alone.
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
 * Writes each table as `<results directory>/<notebook>/<name>.csv` and shows one line saying where
 * ("tables → results/<notebook>/ lk-sweep.csv, gap-by-k.csv"). Every table is converted before any file
 * is written, so a bad one writes none. Returns nothing, so a cell that ends in it does not echo paths
 * (`tableCsvPath` gives a table's path).
 */
export function saveTables(tables: Record<string, TableInput>): void {
  const fn = "saveTables";
  if (tables === null || typeof tables !== "object" || Array.isArray(tables) || Object.keys(tables).length === 0) {
    throw new ArgumentError("tables", fn, "must be an object { name: table } with at least one table");
  }
  save(tables, fn);
}

/** Writes one table as `<results directory>/<notebook>/<name>.csv` and shows where (returns nothing). */
export function saveTable(input: TableInput, name: string): void {
  save({ [name]: input }, "saveTable");
}

/** Where `saveTable(input, name)` writes in the current notebook run: `<results directory>/<notebook>/<name>.csv`. */
export function tableCsvPath(name: string): string {
  return join(resultsDirectory(), runName("tableCsvPath"), `${name}.csv`);
}

function runName(fn: string): string {
  try {
    return currentResults().notebook;
  } catch {
    throw new Error(`${fn}: no notebook run; call 'await startNotebook(name, { seed })' first (it names the folder)`);
  }
}

function save(tables: Record<string, TableInput>, fn: string): string[] {
  for (const name of Object.keys(tables)) {
    if (!/^[\w.-]+$/.test(name) || name.startsWith(".")) {
      throw new ArgumentError(fn === "saveTable" ? "name" : "tables", fn,
        `names a table ${JSON.stringify(name)}: a name must be a plain file name without .csv (letters, digits, _ . -)`);
    }
  }
  const notebook = runName(fn);
  const texts = Object.entries(tables).map(([name, input]) => [name, tableCsv(input, fn)] as const);
  const dir = join(resultsDirectory(), notebook);
  const paths = texts.map(([name, text]) => {
    const path = join(dir, `${name}.csv`);
    writeFileAtomic(path, text, fn);
    return path;
  });
  const shown = relative(projectRoot(process.cwd()), dir);
  const where = shown.startsWith("..") ? dir : shown;
  const files = texts.map(([name]) => `${name}.csv`);
  const line = files.length === 1 ? `table → ${join(where, files[0])}` : `tables → ${join(where, "/")} ${files.join(", ")}`;
  displayBundle({ "text/plain": line });
  return paths;
}
