/**
 * danfojs-node DataFrames for the notebooks' tables: building one from records, reading one back as
 * records (what `showTable` and `saveTable` do with a DataFrame), checking metric columns, and the
 * two reshapings the sweep tables need (`pivotWider`: one column per value of a key, built with
 * danfojs `query` + `merge`; `summariseBy`: danfojs `groupby(...).agg`).
 *
 * danfojs-node is an optional peer of elbolab (like `@tensorflow/tfjs-node`): it is loaded on first
 * use, and a missing package is an error saying what to install. npm applies `overrides` only from
 * the root project, and danfojs-node 1.2.0 needs three of them (README, "Dependencies"), so elbolab
 * cannot make it a plain dependency without breaking `npm install elbolab` elsewhere.
 *
 * Loading danfojs-node loads `@tensorflow/tfjs-node`. In this project that name is an alias of plain
 * `@tensorflow/tfjs` (the same tfjs-core, no new backend); after `npm run native:setup` it is the real
 * binding, whose entry point calls `tf.setBackend('tensorflow')`. `loadDanfo` therefore puts back the
 * backend that was in use before (the switch back to an initialised backend is synchronous), so a
 * notebook on wasm stays on wasm.
 *
 * Errors (ArgumentError naming the argument and the function): records that are not an array of
 * plain objects, an empty set of records, a DataFrame input that is not one, a metric column that is
 * missing or holds NaN, ±∞ or a non-number (the message names the column and the first bad row).
 */
import * as tf from "@tensorflow/tfjs";
import type { DataFrame } from "danfojs-node";
import { ArgumentError } from "../errors";

export type { DataFrame } from "danfojs-node";
type Danfo = typeof import("danfojs-node");

let danfo: Danfo | null = null;

/** danfojs-node, loaded once, with the TensorFlow.js backend in use kept (see the module comment). */
export function loadDanfo(fn = "loadDanfo"): Danfo {
  if (danfo) return danfo;
  const before = tf.getBackend();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    danfo = require("danfojs-node") as Danfo;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "MODULE_NOT_FOUND" && /danfojs-node/.test(err.message.split("\n")[0])) {
      throw new Error(`${fn}: needs danfojs-node, an optional peer of elbolab: npm install danfojs-node@1.2.0 ` +
        "with the overrides of elbolab's README (xlsx, request, mathjs, @tensorflow/tfjs-node)");
    }
    throw new Error(`${fn}: danfojs-node failed to load: ${err.message.split("\n")[0]}`);
  }
  if (before && tf.getBackend() !== before) {
    void tf.setBackend(before);
    if (tf.getBackend() !== before) {
      throw new Error(`${fn}: loading danfojs-node switched the backend from '${before}' to '${tf.getBackend()}'`);
    }
  }
  return danfo;
}

/** Whether `x` is a danfojs DataFrame (checked by shape: `columns`, `values`, `shape`, `$data`-free). */
export function isDataFrame(x: unknown): x is DataFrame {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const d = x as { columns?: unknown; values?: unknown; shape?: unknown; ctypes?: unknown };
  return Array.isArray(d.columns) && Array.isArray(d.values) && Array.isArray(d.shape) && d.ctypes !== undefined;
}

/**
 * A DataFrame built from records (one row per record, columns in order of first appearance; a key
 * missing from a record is an empty cell). `metrics` names columns that must hold finite numbers.
 */
export function toDataFrame(records: Record<string, unknown>[], options: { metrics?: string[]; fn?: string } = {}): DataFrame {
  const fn = options.fn ?? "toDataFrame";
  if (!Array.isArray(records) || records.some((r) => r === null || typeof r !== "object" || Array.isArray(r))) {
    throw new ArgumentError("records", fn, "must be an array of plain objects (one per row)");
  }
  if (records.length === 0) throw new ArgumentError("records", fn, "must hold at least one row");
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const rows = records.map((r) => columns.map((c) => (r[c] === undefined ? null : r[c])));
  const df = new (loadDanfo(fn).DataFrame)(rows, { columns });
  if (options.metrics) assertMetricColumns(df, options.metrics, fn, "records");
  return df;
}

/**
 * The rows of a DataFrame as records keyed by column (what showTable and saveTable read). An index
 * other than the default 0, 1, 2, … (`describe()`'s count, mean, …) comes first, in a column named "".
 */
export function frameRecords(df: DataFrame, fn = "frameRecords"): Record<string, unknown>[] {
  if (!isDataFrame(df)) throw new ArgumentError("input", fn, "must be a danfojs DataFrame");
  const columns = df.columns.map(String);
  const index = df.index as unknown[];
  const labelled = !index.every((v, i) => v === i);
  return (df.values as unknown[][]).map((row, r) => ({
    ...(labelled ? { "": index[r] } : {}),
    ...Object.fromEntries(columns.map((c, i) => [c, row[i]])),
  }));
}

/**
 * Throws unless every named column exists and holds a finite number in every row: a metric that is
 * NaN (danfojs turns a missing number into NaN) is an error naming the column, never a table cell.
 */
export function assertMetricColumns(df: DataFrame, columns: string[], fn = "assertMetricColumns", argument = "df"): void {
  if (!isDataFrame(df)) throw new ArgumentError(argument, fn, "must be a danfojs DataFrame");
  const names = df.columns.map(String);
  for (const column of columns) {
    const j = names.indexOf(column);
    if (j < 0) throw new ArgumentError(argument, fn, `has no column '${column}' (columns: ${names.join(", ")})`);
    const values = df.values as unknown[][];
    const i = values.findIndex((row) => typeof row[j] !== "number" || !Number.isFinite(row[j]));
    if (i >= 0) {
      throw new ArgumentError(argument, fn, `column '${column}' must hold finite numbers, row ${i} is ${String(values[i][j])}`);
    }
  }
}

/**
 * Long to wide: one row per value of `index` (in order of first appearance), one column per value
 * of `columns` (in order of first appearance) holding `values`, named `label(key)` (default
 * `${columns} = ${key}`). Built with danfojs: a `query` per key, then a left `merge` on `index`
 * (rows kept in order).
 * Every (index, key) pair must occur exactly once: a missing or a repeated one is an error.
 */
export function pivotWider(
  df: DataFrame,
  spec: { index: string; columns: string; values: string; label?: (key: unknown) => string },
): DataFrame {
  const fn = "pivotWider";
  if (!isDataFrame(df)) throw new ArgumentError("df", fn, "must be a danfojs DataFrame");
  for (const arg of ["index", "columns", "values"] as const) {
    if (!df.columns.includes(spec[arg])) throw new ArgumentError(`spec.${arg}`, fn, `names no column of df: '${spec[arg]}'`);
  }
  const label = spec.label ?? ((k: unknown) => `${spec.columns} = ${String(k)}`);
  const dfd = loadDanfo(fn);
  const records = frameRecords(df, fn);
  const seen = new Set<string>();
  for (const r of records) {
    const key = JSON.stringify([r[spec.index], r[spec.columns]]);
    if (seen.has(key)) throw new ArgumentError("df", fn, `has two rows for ${spec.index} = ${String(r[spec.index])}, ${spec.columns} = ${String(r[spec.columns])}`);
    seen.add(key);
  }
  const order = [...new Set(records.map((r) => r[spec.index]))];
  const keys = [...new Set(records.map((r) => r[spec.columns]))];
  if (seen.size !== order.length * keys.length) {
    throw new ArgumentError("df", fn, `must hold one row per ${spec.index} and ${spec.columns}: ` +
      `${seen.size} rows for ${order.length} × ${keys.length} pairs`);
  }
  let wide = new dfd.DataFrame(order.map((v) => [v]), { columns: [spec.index] });
  for (const key of keys) {
    const part = df.query(df[spec.columns].eq(key)).loc({ columns: [spec.index, spec.values] });
    wide = mergeInOrder(wide, part.rename({ [spec.values]: label(key) }), [spec.index], fn);
  }
  return wide;
}

/**
 * Groups by `by` and summarises `column` per group with danfojs `groupby(by).agg`: count, mean, and
 * the standard error of the mean (sample standard deviation / √count; empty for a group of one).
 */
export function summariseBy(df: DataFrame, by: string[], column: string): DataFrame {
  const fn = "summariseBy";
  assertMetricColumns(df, [column], fn);
  for (const b of by) if (!df.columns.includes(b)) throw new ArgumentError("by", fn, `names no column of df: '${b}'`);
  const g = df.groupby(by).agg({ [column]: ["count", "mean", "std"] });
  const se = (g[`${column}_std`].values as number[]).map((s, i) => {
    const n = (g[`${column}_count`].values as number[])[i];
    return n > 1 ? s / Math.sqrt(n) : null;
  });
  g.addColumn(`${column}_se`, se as unknown as number[], { inplace: true });
  return g.drop({ columns: [`${column}_std`] });
}

/**
 * Joins `right` onto `left` by the key column `on` (danfojs `merge`, how "left"): every row of `left`
 * gets the columns of the one row of `right` with the same key, rows and columns in `left`'s order, then
 * `right`'s other columns. A key of
 * `left` with no row or with two rows in `right`, or a column name both frames have besides `on`, is
 * an error (a silent NaN or a renamed column would read as a number).
 */
export function joinOn(left: DataFrame, right: DataFrame, on: string): DataFrame {
  const fn = "joinOn";
  if (!isDataFrame(left)) throw new ArgumentError("left", fn, "must be a danfojs DataFrame");
  if (!isDataFrame(right)) throw new ArgumentError("right", fn, "must be a danfojs DataFrame");
  if (!left.columns.includes(on)) throw new ArgumentError("on", fn, `names no column of left: '${on}'`);
  if (!right.columns.includes(on)) throw new ArgumentError("on", fn, `names no column of right: '${on}'`);
  const shared = left.columns.filter((c) => c !== on && right.columns.includes(c));
  if (shared.length) throw new ArgumentError("right", fn, `has columns that left has too: ${shared.join(", ")}`);
  const keys = right[on].values as unknown[];
  for (const key of left[on].values as unknown[]) {
    const n = keys.filter((k) => k === key).length;
    if (n !== 1) throw new ArgumentError("right", fn, `must hold exactly one row for ${on} = ${String(key)}, holds ${n}`);
  }
  return mergeInOrder(left, right, [on], fn);
}

/** danfojs `merge` (how "left") with `left`'s row and column order kept (merge sorts by the keys, keys first). */
function mergeInOrder(left: DataFrame, right: DataFrame, on: string[], fn: string): DataFrame {
  const order = "__elbolab_row";
  const dfd = loadDanfo(fn);
  const numbered = left.addColumn(order, left.index.map((_, i) => i), { inplace: false });
  const merged = dfd.merge({ left: numbered, right, on, how: "left" }).sortValues(order);
  const columns = [...left.columns, ...right.columns.filter((c) => !on.includes(c))];
  return merged.loc({ columns }).resetIndex(); // merge puts the keys first: back to left's columns, then right's
}
