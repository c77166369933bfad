/**
 * The lecture's picture of a two-dimensional soft-margin SVM as a vega-lite spec (one panel, `svmFigure`;
 * `svmFigurePanels` puts several side by side on shared axes to compare values of C): the decision line f(u) = w·u + b = 0 (solid), the margins f = ±1 (dashed, in
 * the colour of the class on their side), every point coloured by its class y_j and shaped by its role
 * (not a support vector; on the margin, y_j f_j = 1; inside the margin or misclassified, ξ_j > 0), and each slack
 * drawn as the segment from the point to its own margin line f = y_j, of length ξ_j / ||w|| along w, since
 * ξ_j = max(0, 1 − y_j f_j) (Cortes & Vapnik 1995). Roles come from `analyzeSvm` (margin condition, tolerance
 * `marginTolerance`).
 *
 * Errors: points not two-dimensional, a solution without w (kernel) or with w = 0 (no line to draw).
 */
import type { LayerSpec } from "vega-lite/build/src/spec";
import type { Field } from "vega-lite/build/src/channeldef";
import { ArgumentError } from "../errors";
import type { ChartSpec } from "../notebook/chart";
import { analyzeSvm } from "./analysis";
import type { SvmSolution } from "./solution";

export interface SvmFigureOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Axis ranges [[xmin, xmax], [ymin, ymax]] (default: the points ± 0.3), shared by panels that are compared. */
  domain?: [[number, number], [number, number]];
  marginTolerance?: number;
}

export const SVM_POINT_ROLES = ["not a support vector", "SV on the margin", "SV inside / misclassified"] as const;
export const SVM_LINES = ["f = 0 (decision)", "f = +1 (margin)", "f = −1 (margin)"] as const;

/** Ranges of the points' two coordinates, padded by `pad`. */
export function svmFigureDomain(points: ReadonlyArray<ArrayLike<number>>, pad = 0.3): [[number, number], [number, number]] {
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  return [[Math.min(...xs) - pad, Math.max(...xs) + pad], [Math.min(...ys) - pad, Math.max(...ys) + pad]];
}

/** One panel: a vega-lite layer spec (use it directly in `showChart`, or as an element of `hconcat`). */
export function svmFigure(solution: SvmSolution, options: SvmFigureOptions = {}): LayerSpec<Field> {
  const fn = "svmFigure";
  const { x, y, n, d } = solution.problem;
  if (d !== 2) throw new ArgumentError("solution", fn, `must be a problem in two dimensions, got d = ${d}`);
  if (!solution.w) throw new ArgumentError("solution.w", fn, "must be an explicit w (linear kernel)");
  const [w1, w2] = solution.w;
  const ww = w1 * w1 + w2 * w2;
  if (!(ww > 0)) throw new ArgumentError("solution.w", fn, "must be non-zero (w = 0 has no decision line)");
  const b = solution.b;
  const an = analyzeSvm(solution, { marginTolerance: options.marginTolerance });
  const rows = Array.from({ length: n }, (_, j) => [x[2 * j], x[2 * j + 1]]);
  const [[xmin, xmax], [ymin, ymax]] = options.domain ?? svmFigureDomain(rows);
  // each line f = level clipped to the box: parametrise along the longer direction of the line
  const lineAt = (level: number, name: string) => {
    const pts = Math.abs(w2) >= Math.abs(w1)
      ? [xmin, xmax].map((u) => ({ x: u, y: (level - b - w1 * u) / w2 }))
      : [ymin, ymax].map((v) => ({ x: (level - b - w2 * v) / w1, y: v }));
    return pts.map((p) => ({ ...p, line: name }));
  };
  const onMargin = new Set(an.onMargin), inside = new Set(an.insideOrMisclassified);
  const role = (j: number) => (onMargin.has(j) ? SVM_POINT_ROLES[1] : inside.has(j) ? SVM_POINT_ROLES[2] : SVM_POINT_ROLES[0]);
  const points = rows.map((p, j) => ({ x: p[0], y: p[1], cls: y[j] > 0 ? "+1" : "−1", role: role(j), xi: an.slacks[j] }));
  const slacks = rows.flatMap((p, j) => (an.slacks[j] > 0 ? [{
    x: p[0], y: p[1], x2: p[0] + (y[j] * an.slacks[j] * w1) / ww, y2: p[1] + (y[j] * an.slacks[j] * w2) / ww, xi: an.slacks[j],
  }] : []));
  const sx = { domain: [xmin, xmax], nice: false }, sy = { domain: [ymin, ymax], nice: false };
  const X = { field: "x", type: "quantitative", scale: sx, title: "e₁" };
  const Y = { field: "y", type: "quantitative", scale: sy, title: "e₂" };
  const classColour = { domain: ["−1", "+1"], range: ["#d62728", "#1f77b4"] };
  const pointLayer = (filter: (p: (typeof points)[number]) => boolean, size: number) => ({
    data: { values: points.filter(filter) }, mark: { type: "point", filled: true, clip: true, size },
    encoding: {
      x: X, y: Y, color: { field: "cls", type: "nominal", title: "class y", scale: classColour },
      shape: { field: "role", type: "nominal", title: "point", legend: { labelLimit: 260 }, scale: { domain: [...SVM_POINT_ROLES], range: ["circle", "diamond", "triangle-up"] } },
      tooltip: [{ field: "xi", title: "slack ξ", type: "quantitative" }, { field: "role", type: "nominal" }],
    },
  });
  const spec = {
    title: options.title ?? `C = ${solution.C}`,
    width: options.width ?? 300, height: options.height ?? 280,
    layer: [
      { data: { values: slacks }, mark: { type: "rule", color: "#555", opacity: 0.6, clip: true },
        encoding: { x: X, y: Y, x2: { field: "x2" }, y2: { field: "y2" } } },
      { data: { values: [...lineAt(0, SVM_LINES[0]), ...lineAt(1, SVM_LINES[1]), ...lineAt(-1, SVM_LINES[2])] },
        mark: { type: "line", clip: true },
        encoding: {
          x: X, y: Y, detail: { field: "line", type: "nominal" },
          stroke: { field: "line", type: "nominal", title: "line", legend: { labelLimit: 260 }, scale: { domain: [...SVM_LINES], range: ["black", "#1f77b4", "#d62728"] } },
          strokeDash: { field: "line", type: "nominal", title: "line", scale: { domain: [...SVM_LINES], range: [[1, 0], [7, 4], [7, 4]] } },
        } },
      pointLayer((p) => p.role === SVM_POINT_ROLES[0], 18),
      pointLayer((p) => p.role !== SVM_POINT_ROLES[0], 80),
    ],
  };
  return spec as unknown as LayerSpec<Field>;
}

/**
 * Several panels side by side (an `hconcat` of `svmFigure`), one per solution of the same problem, on shared
 * axes (`options.domain`, default: the points ± 0.3), each titled "C = …: margin width 2/||w||". Errors: no
 * solutions, solutions of different problems (sizes), and `svmFigure`'s errors.
 */
export function svmFigurePanels(solutions: readonly SvmSolution[],
                                options: Omit<SvmFigureOptions, "title"> & { title: string }): ChartSpec {
  const fn = "svmFigurePanels";
  if (!Array.isArray(solutions) || solutions.length === 0) throw new ArgumentError("solutions", fn, "must be a non-empty array of SVM solutions");
  const { n, d, x } = solutions[0].problem;
  if (!solutions.every((s) => s.problem.n === n && s.problem.d === d)) {
    throw new ArgumentError("solutions", fn, `must all solve one problem (n = ${n}, d = ${d})`);
  }
  const domain = options.domain ?? svmFigureDomain(Array.from({ length: n }, (_, j) => x.subarray(j * d, (j + 1) * d)));
  return ({
    title: options.title,
    hconcat: solutions.map((s) => svmFigure(s, { ...options, domain,
      title: `C = ${Number(s.C.toPrecision(4))}: margin width ${analyzeSvm(s).marginWidth.toFixed(2)}` })),
  }) as unknown as ChartSpec;
}
