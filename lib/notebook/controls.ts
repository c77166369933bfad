/**
 * Charts with a live control: a vega-lite parameter bound to an input element (Satyanarayan et al. 2017,
 * "Vega-Lite: A Grammar of Interactive Graphics"), drawn by vega-embed in JupyterLab 4, VS Code and the
 * offline HTML, with no kernel round trip. The control picks one of the values the run computed; the rows of
 * the chosen value are shown (or highlighted, as the caller composes).
 *
 *   const c = bindControl("C", [0.01, 0.1, 1, 10, 100], { label: "C (lecture's form)" });
 *   await showChart(withControl(spec, c));      // params + filter + a subtitle naming the control
 *
 * Which input: numbers equally spaced → a slider over the values; numbers with a constant ratio (decades,
 * powers of 2 or 3) → a slider over log₁₀ of the value, labelled "log₁₀ <label>"; anything else (text, or
 * irregular numbers) → radio buttons for up to 6 values, else a dropdown, each option labelled with its value.
 * The static PNG (rendered headless, where no control can move) shows the default value, and the chart's
 * subtitle says so: "Pick <label> with the control below the live chart; a static image shows <label> = <default>."
 *
 * Errors (ArgumentError naming the argument and the function): a field that is not a non-empty string,
 * values empty, with duplicates, mixing numbers and text or holding non-finite numbers, a default that is not
 * one of the values, a spec that already has a parameter of the control's name.
 */
import { ArgumentError } from "../errors";
import type { ChartSpec } from "./chart";

export type ControlValue = number | string;

export interface ControlOptions {
  /** Shown beside the control and in the subtitle (default: the field). */
  label?: string;
  /** The value shown first and in the static image (default: the first value). */
  initial?: ControlValue;
  /** How a value prints in option labels and the subtitle (default: String, numbers to 4 significant digits). */
  format?: (v: ControlValue) => string;
}

export interface BoundControl {
  field: string;
  label: string;
  /** The vega-lite parameter (with `bind`), for the spec's `params`. */
  param: { name: string; value: ControlValue; bind: Record<string, unknown> };
  /** A vega expression true for the rows whose field holds the chosen value. */
  test: string;
  /** "Pick … with the control below the live chart; a static image shows … = …." */
  subtitle: string;
  input: "range" | "log-range" | "radio" | "select";
  initial: ControlValue;
}

const defaultFormat = (v: ControlValue): string => (typeof v === "number" ? String(Number(v.toPrecision(4))) : v);

function spacing(values: number[], f: (v: number) => number): number | null {
  const sorted = [...values].sort((a, b) => a - b).map(f);
  const step = sorted[1] - sorted[0];
  if (!(step > 0)) return null;
  return sorted.every((v, i) => Math.abs(v - (sorted[0] + i * step)) <= 1e-9 * Math.max(1, Math.abs(v))) ? step : null;
}

/** A control over `values` of the data field `field` (see the module comment). */
export function bindControl(field: string, values: readonly ControlValue[], options: ControlOptions = {}): BoundControl {
  const fn = "bindControl";
  if (typeof field !== "string" || field === "") throw new ArgumentError("field", fn, "must be a non-empty string (a field of the chart's data)");
  if (!Array.isArray(values) || values.length === 0) throw new ArgumentError("values", fn, "must be a non-empty array of the values the run computed");
  const numeric = values.every((v) => typeof v === "number");
  if (!numeric && !values.every((v) => typeof v === "string")) throw new ArgumentError("values", fn, "must be all numbers or all strings");
  if (numeric && !values.every((v) => Number.isFinite(v))) throw new ArgumentError("values", fn, `must be finite numbers, got ${values.join(", ")}`);
  if (new Set(values).size !== values.length) throw new ArgumentError("values", fn, `must not repeat a value, got ${values.join(", ")}`);
  const format = options.format ?? defaultFormat;
  const label = options.label ?? field;
  const initial = options.initial ?? values[0];
  if (!values.includes(initial)) throw new ArgumentError("options.initial", fn, `must be one of the values (${values.join(", ")}), got ${initial}`);
  const name = `${field.replace(/[^A-Za-z0-9_]/g, "_")}_control`;
  const datum = `datum[${JSON.stringify(field)}]`;
  const subtitle = `Pick ${label} with the control below the live chart; a static image shows ${label} = ${format(initial)}.`;
  const nums = values as number[];
  const linear = numeric && values.length > 1 ? spacing(nums, (v) => v) : null;
  const logStep = numeric && values.length > 1 && linear === null && nums.every((v) => v > 0) ? spacing(nums, Math.log10) : null;
  if (linear !== null) {
    const bind = { input: "range", min: Math.min(...nums), max: Math.max(...nums), step: linear, name: `${label} ` };
    return { field, label, initial, subtitle, input: "range", param: { name, value: initial, bind }, test: `abs(${datum} - ${name}) < ${linear / 2}` };
  }
  if (logStep !== null) {
    // the slider shows its raw value: log₁₀ rounded to 3 decimals (the filter's tolerance, half a step, is far wider)
    const round = (v: number) => Number(v.toFixed(3));
    const low = round(Math.log10(Math.min(...nums))), step = round(logStep);
    const at = (v: number) => round(low + Math.round((Math.log10(v) - low) / step) * step);
    const bind = { input: "range", min: low, max: at(Math.max(...nums)), step, name: `log₁₀ ${label} ` };
    return {
      field, label, initial, subtitle, input: "log-range",
      param: { name, value: at(initial as number), bind },
      test: `abs(log(${datum}) / LN10 - ${name}) < ${logStep / 2}`,
    };
  }
  const input = values.length <= 6 ? "radio" : "select";
  const bind = { input, options: [...values], labels: values.map(format), name: `${label} ` };
  return { field, label, initial, subtitle, input, param: { name, value: initial, bind }, test: `${datum} === ${name}` };
}

/**
 * `spec` with the control added: its parameter in `params`, a filter on `control.test` before the spec's own
 * transforms (so every layer shows the chosen value's rows), and the control's subtitle under the title.
 * `options.layers` filters only those layers of a layered spec (indices into `spec.layer`; the others, such as
 * a reference curve without the field, stay whole). Use `control.param` and `control.test` directly to
 * highlight instead of filter. Errors: a spec that already has the parameter; `options.layers` on a spec
 * without `layer`, or naming a layer it does not have.
 */
export function withControl(spec: ChartSpec, control: BoundControl, options: { layers?: number[] } = {}): ChartSpec {
  const fn = "withControl";
  if (spec === null || typeof spec !== "object") throw new ArgumentError("spec", fn, "must be a vega-lite spec object");
  const s = spec as unknown as Record<string, unknown>;
  const params = Array.isArray(s.params) ? (s.params as { name?: string }[]) : [];
  if (params.some((p) => p.name === control.param.name)) {
    throw new ArgumentError("spec", fn, `already has a parameter named '${control.param.name}'`);
  }
  const title = s.title;
  const titleObject = title === undefined ? { text: "" } : typeof title === "object" && !Array.isArray(title) ? title : { text: title };
  const existing = (titleObject as { subtitle?: unknown }).subtitle;
  const subtitle = existing === undefined ? control.subtitle : [...[existing].flat().map(String), control.subtitle];
  const filtered = (x: Record<string, unknown>) =>
    ({ ...x, transform: [{ filter: control.test }, ...(Array.isArray(x.transform) ? x.transform : [])] });
  let body: Record<string, unknown>;
  if (options.layers === undefined) {
    body = filtered(s);
  } else {
    const layer = s.layer;
    if (!Array.isArray(layer)) throw new ArgumentError("options.layers", fn, "needs a layered spec (spec.layer)");
    for (const i of options.layers) {
      if (!Number.isInteger(i) || i < 0 || i >= layer.length) {
        throw new ArgumentError("options.layers", fn, `must hold indices of spec.layer (0..${layer.length - 1}), got ${i}`);
      }
    }
    body = { ...s, layer: layer.map((l, i) => (options.layers!.includes(i) ? filtered(l as Record<string, unknown>) : l)) };
  }
  return { ...body, title: { ...(titleObject as object), subtitle }, params: [...params, control.param] } as unknown as ChartSpec;
}
