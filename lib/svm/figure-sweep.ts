/**
 * The lecture's SVM picture (`svmFigure`: decision line, margins f = ±1, support vectors by role, slacks) for
 * every C of a sweep in one vega-lite spec, with a live control over C (`bindControl`): the control picks which
 * solution is drawn, and a line of text above the panel gives that C's margin width 2/||w||, support vectors,
 * points inside the margin or misclassified, and Σ ξ_j (Cortes & Vapnik 1995). The static image shows
 * `options.initial` (default: the first C) and its subtitle says so.
 *
 * Every layer of `svmFigure` carries its own data, so each layer gets the field `C` and its own filter on the
 * control (a filter at the top of a layered spec would not reach layers with their own data).
 *
 * Errors (ArgumentError naming the argument and `svmFigureSweep`): no solutions, solutions of different
 * problems, repeated C, an initial C that is not one of them; and `svmFigure`'s errors (d ≠ 2, kernel, w = 0).
 */
import { ArgumentError } from "../errors";
import { bindControl } from "../notebook/controls";
import type { ChartSpec } from "../notebook/chart";
import { analyzeSvm } from "./analysis";
import { svmFigure, svmFigureDomain, type SvmFigureOptions } from "./figure";
import type { SvmSolution } from "./solution";

export interface SvmFigureSweepOptions extends Omit<SvmFigureOptions, "title"> {
  title?: string;
  /** The C shown first and in the static image (default: the first solution's C). */
  initial?: number;
}

type Layer = { data: { values: Record<string, unknown>[] }; transform?: unknown[]; [key: string]: unknown };

/** One spec drawing each solution's figure, the control choosing the C (see the module comment). */
export function svmFigureSweep(solutions: readonly SvmSolution[], options: SvmFigureSweepOptions = {}): ChartSpec {
  const fn = "svmFigureSweep";
  if (!Array.isArray(solutions) || solutions.length === 0) throw new ArgumentError("solutions", fn, "must be a non-empty array of SVM solutions");
  const problem = solutions[0].problem;
  const same = (s: SvmSolution) => s.problem.x === problem.x
    || (s.problem.x.length === problem.x.length && s.problem.x.every((v, i) => v === problem.x[i]));
  if (!solutions.every(same)) {
    throw new ArgumentError("solutions", fn, "must all solve the same problem (the same points)");
  }
  const Cs = solutions.map((s) => s.C);
  const control = bindControl("C", Cs, { label: "C", initial: options.initial ?? Cs[0] });
  const rows = Array.from({ length: problem.n }, (_, j) => [problem.x[2 * j], problem.x[2 * j + 1]]);
  const domain = options.domain ?? svmFigureDomain(rows);
  const panels = solutions.map((s) => svmFigure(s, { ...options, title: "", domain }).layer as unknown as Layer[]);
  const layers = panels[0].map((layer, i) => ({
    ...layer,
    data: { values: panels.flatMap((p, c) => p[i].data.values.map((v) => ({ ...v, C: Cs[c] }))) },
    transform: [{ filter: control.test }],
  }));
  const facts = solutions.map((s) => {
    const a = analyzeSvm(s, { marginTolerance: options.marginTolerance });
    return { C: s.C, text: `C = ${Number(s.C.toPrecision(4))}: margin width ${a.marginWidth.toFixed(3)}, ` +
      `${a.supportVectors.length} support vectors, ${a.insideOrMisclassified.length} inside the margin ` +
      `or misclassified, Σ ξ = ${a.sumSlacks.toFixed(2)}` };
  });
  const text = {
    data: { values: facts }, transform: [{ filter: control.test }],
    mark: { type: "text", align: "left", baseline: "bottom", fontSize: 11 },
    encoding: { x: { value: 0 }, y: { value: -6 }, text: { field: "text" } },
  };
  return {
    title: { text: options.title ?? "The soft-margin SVM for each C of the sweep", subtitle: control.subtitle },
    width: options.width ?? 460, height: options.height ?? 380,
    params: [control.param],
    layer: [...layers, text],
  } as unknown as ChartSpec;
}
