/**
 * Markdown rendered from the run's own numbers, so that a conclusion reads true in quick and full mode.
 *
 *   showMarkdown("The slope is {{snr_phi_slope|.3f}} ± {{snr_phi_slope_se|.3f}} ({{check:snr_phi_shrinks}}).")
 *
 * A placeholder `{{name}}` or `{{name|format}}` is replaced by `values[name]` when given, else by the metric
 * `name` the run recorded (`record`); `{{check:name}}` by the verdict of a recorded check ("✓ name" / "✗ name", or
 * "? name" for an inconclusive claim).
 * Formats for numbers: `.Nf` (N decimals), `.Ne` (exponential, plain text only), `.Nx` (N decimals of a
 * power of ten in LaTeX, `4.2\times10^{-4}`, for use inside `$…$`: see `latexScientific`), `.Ng` (N
 * significant digits), `d` (rounded integer), `%` (percentage, one decimal); without a format a number
 * prints with 4 significant digits.
 *
 * A string value is text, never markup: it is escaped (`escapeMarkdown`), so a data-set label or a file
 * name such as `<img src=x onerror=…>` or `[a](javascript:…)` shows as those characters and cannot add
 * HTML, links, images, emphasis or math to the cell. A caller that means a value as Markdown (LaTeX,
 * emphasis) passes `markup(text)`, inserted as it is. A check's name is shown as inline code. An unknown
 * name, an unknown format, a non-finite number or a value of another type is an error naming the
 * placeholder, never a silent "undefined" or "NaN" in the text. Displayed as text/markdown (LaTeX
 * included) with a text/plain twin in which values are inserted unescaped.
 */
import { ArgumentError } from "../errors";
import { displayBundle } from "./display";
import { currentResults } from "./results";
import { verdictMark } from "./claims/verdict";

/** A value inserted into Markdown as it is (see `markup`). */
export class Markup {
  constructor(readonly text: string) {
    if (typeof text !== "string") throw new ArgumentError("text", "markup", "must be a string");
  }
  toString(): string { return this.text; }
}

/**
 * Marks `text` as Markdown written by the caller (LaTeX, emphasis, links it built itself), inserted by
 * `renderMarkdown` without escaping. Only for text the notebook wrote, never for data, labels or file
 * names. Errors: `text` not a string.
 */
export function markup(text: string): Markup {
  return new Markup(text);
}

export type MarkdownValues = Record<string, number | string | Markup>;

const MARKDOWN_ACTIVE = /[\\`*_[\]{}#|~$!]/g;

/**
 * `s` as literal text inside Markdown (and the HTML it becomes): `&`, `<`, `>` become entities (`&amp;`,
 * `&lt;`, `&gt;`: no tag, no attribute, no comment), the characters that make links, images, emphasis,
 * code, tables, headings or math (backslash, backtick, `* _ [ ] { } # | ~ $ !`) are backslash-escaped
 * (CommonMark), and a line break becomes a space (a value is inline text: it cannot start a list or a
 * heading). Errors: not a string.
 */
export function escapeMarkdown(s: string): string {
  if (typeof s !== "string") throw new ArgumentError("s", "escapeMarkdown", "must be a string");
  return s.replace(/\r\n|[\r\n\u2028\u2029]/g, " ")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(MARKDOWN_ACTIVE, (c) => `\\${c}`);
}

/** `name` as an inline code span, fenced by more backticks than it contains in a row (CommonMark). */
function codeSpan(name: string): string {
  const run = Math.max(0, ...(name.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(run + 1);
  const pad = name.startsWith("`") || name.endsWith("`") ? " " : "";
  return `${fence}${pad}${name.replace(/[\r\n]+/g, " ")}${pad}${fence}`;
}

/**
 * `v` in scientific notation for LaTeX math: `digits` decimals of the mantissa times a power of ten,
 * `latexScientific(4.2e-4, 1)` = "4.2\\times10^{-4}"; the power is left out when it is 0 (`1.5`).
 * JavaScript's exponent notation ("4.2e-4") reads as 4.2𝑒 − 4 in math. Errors: `v` not finite, `digits`
 * not an integer in 0..20.
 */
export function latexScientific(v: number, digits: number): string {
  const fn = "latexScientific";
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ArgumentError("v", fn, `must be a finite number, got ${v}`);
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new ArgumentError("digits", fn, `must be an integer in 0..20, got ${digits}`);
  }
  const [mantissa, exponent] = v.toExponential(digits).split("e");
  const power = Number(exponent);
  return power === 0 ? mantissa : `${mantissa}\\times10^{${power}}`;
}

function formatNumber(v: number, format: string | undefined, placeholder: string): string {
  if (!Number.isFinite(v)) throw new ArgumentError(placeholder, "renderMarkdown", `must be a finite number, got ${v}`);
  if (format === undefined || format === "") return String(Number(v.toPrecision(4)));
  if (format === "d") return String(Math.round(v));
  if (format === "%") return `${(100 * v).toFixed(1)}%`;
  const m = /^\.(\d{1,2})([fegx])$/.exec(format);
  if (!m) throw new ArgumentError(placeholder, "renderMarkdown", `has an unknown format '${format}' (use .Nf, .Ne, .Nx, .Ng, d or %)`);
  const digits = Number(m[1]);
  if (m[2] === "x") return latexScientific(v, digits);
  if (m[2] === "f") return v.toFixed(digits);
  if (m[2] === "e") return v.toExponential(digits);
  return String(Number(v.toPrecision(Math.max(1, digits))));
}

type Results = { metrics: Record<string, number>; checks: { name: string; passed: boolean; inconclusive?: boolean }[] };

/** The template with every placeholder replaced; `markdown` false gives the plain-text twin. */
function fill(template: string, values: MarkdownValues, results: Results | undefined, markdown: boolean): string {
  if (typeof template !== "string") throw new ArgumentError("template", "renderMarkdown", "must be a string");
  if (values === null || typeof values !== "object") throw new ArgumentError("values", "renderMarkdown", "must be an object");
  let run = results;
  const recorded = () => (run ??= currentResults());
  return template.replace(/\{\{\s*([^{}|]+?)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g, (_, name: string, format?: string) => {
    const placeholder = `{{${name}}}`;
    if (name.startsWith("check:")) {
      const c = recorded().checks.find((x) => x.name === name.slice(6));
      if (!c) throw new ArgumentError(placeholder, "renderMarkdown", `names no recorded check`);
      return `${verdictMark(c)} ${markdown ? codeSpan(c.name) : `\`${c.name}\``}`;
    }
    const v = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : recorded().metrics[name];
    if (v === undefined) throw new ArgumentError(placeholder, "renderMarkdown", "names neither a given value nor a recorded metric");
    if (v instanceof Markup) return v.text;
    if (typeof v === "string") return markdown ? escapeMarkdown(v) : v;
    if (typeof v === "number") return formatNumber(v, format, placeholder);
    throw new ArgumentError(placeholder, "renderMarkdown", `must be a number, a string or markup(...), got ${v === null ? "null" : typeof v}`);
  });
}

/**
 * The Markdown text with every placeholder replaced (see the module comment): numbers formatted, strings
 * escaped, `markup(...)` values as they are. `results` defaults to what the current notebook run recorded;
 * pass `{ metrics, checks }` to render without a run (tests).
 */
export function renderMarkdown(template: string, values: MarkdownValues = {}, results?: Results): string {
  return fill(template, values, results, true);
}

/** Displays `renderMarkdown(template, values)` as Markdown (text/plain: the values unescaped). */
export function showMarkdown(template: string, values: MarkdownValues = {}): void {
  const text = renderMarkdown(template, values);
  displayBundle({ "text/markdown": text, "text/plain": fill(template, values, undefined, false) });
}
