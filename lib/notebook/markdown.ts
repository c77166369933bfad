/**
 * Markdown rendered from the run's own numbers, so that a conclusion reads true in quick and full mode.
 *
 *   showMarkdown("The slope is {{snr_phi_slope|.3f}} ± {{snr_phi_slope_se|.3f}} ({{check:snr_phi_shrinks}}).")
 *
 * A placeholder `{{name}}` or `{{name|format}}` is replaced by `values[name]` when given, else by the metric
 * `name` the run recorded (`record`); `{{check:name}}` by the verdict of a recorded check ("✓ name" / "✗ name").
 * Formats for numbers: `.Nf` (N decimals), `.Ne` (exponential, plain text only), `.Nx` (N decimals of a
 * power of ten in LaTeX, `4.2\times10^{-4}`, for use inside `$…$`: see `latexScientific`), `.Ng` (N
 * significant digits), `d` (rounded integer), `%` (percentage, one decimal); without a format a number prints with 4 significant digits. Strings
 * are inserted as they are. An unknown name, an unknown format or a non-finite number is an error naming the
 * placeholder, never a silent "undefined" or "NaN" in the text. Displayed as text/markdown (LaTeX included)
 * with the same text as text/plain.
 */
import { ArgumentError } from "../errors";
import { displayBundle } from "./display";
import { currentResults } from "./results";

export type MarkdownValues = Record<string, number | string>;

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

/**
 * The Markdown text with every placeholder replaced (see the module comment). `results` defaults to what the
 * current notebook run recorded; pass `{ metrics, checks }` to render without a run (tests).
 */
export function renderMarkdown(
  template: string, values: MarkdownValues = {},
  results?: { metrics: Record<string, number>; checks: { name: string; passed: boolean }[] },
): string {
  if (typeof template !== "string") throw new ArgumentError("template", "renderMarkdown", "must be a string");
  let run = results;
  const recorded = () => (run ??= currentResults());
  return template.replace(/\{\{\s*([^{}|]+?)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g, (_, name: string, format?: string) => {
    const placeholder = `{{${name}}}`;
    if (name.startsWith("check:")) {
      const c = recorded().checks.find((x) => x.name === name.slice(6));
      if (!c) throw new ArgumentError(placeholder, "renderMarkdown", `names no recorded check`);
      return `${c.passed ? "✓" : "✗"} \`${c.name}\``;
    }
    const v = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : recorded().metrics[name];
    if (v === undefined) throw new ArgumentError(placeholder, "renderMarkdown", "names neither a given value nor a recorded metric");
    return typeof v === "string" ? v : formatNumber(v, format, placeholder);
  });
}

/** Displays `renderMarkdown(template, values)` as Markdown. */
export function showMarkdown(template: string, values: MarkdownValues = {}): void {
  const text = renderMarkdown(template, values);
  displayBundle({ "text/markdown": text, "text/plain": text });
}
