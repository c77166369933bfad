/**
 * A live chart of a β sweep (Higgins et al. 2017, "β-VAE"): one control picks β. Left: the distortion–rate
 * curve of the sweep, D(β) = −E_q[log p(E|H)] against R(β) = KL(q(H|E) ‖ p(H)) (Alemi et al. 2018, "Fixing a
 * Broken ELBO"), each point ± 2 SE in both directions, the chosen β ringed and a line of text stating its rate,
 * distortion and F_β = −D − βR. Right: the chosen model's latent traversals, one row per latent coordinate
 * (labelled with its average KL), the coordinate set to each column's value with the others at the posterior
 * mean of one test image, drawn as the decoder's pixel probabilities (one grey rect per pixel, black 0 … white 1;
 * the pixels travel as one array per β, rounded to 0.01, and only the chosen β's are expanded).
 *
 *   await showChart(betaExplorer(rows.map((r) => ({ beta: r.beta, rate: r.kl, distortion: r.distortion,
 *     traversal: { pixels, rows: d, rowLabels } })), { side: 16, columnValues: [-2.5, …, 2.5] }));
 *
 * The static image shows `initialBeta` (default: the largest β ≤ 4 in the sweep, else the first) and its
 * subtitle says so. Errors (ArgumentError naming the argument and `betaExplorer`): no rows, a row without a
 * positive finite β, finite rate and distortion (means and SEs), traversals with different numbers of rows,
 * pixels that do not fill rows × columns images of side², labels of the wrong length; and `bindControl`'s.
 */
import { ArgumentError } from "../errors";
import type { ChartSpec } from "./chart";
import { bindControl } from "./controls";

export interface BetaExplorerRow {
  beta: number;
  /** Mean KL per image over the test set, and its SE. */
  rate: { mean: number; se: number };
  /** Mean −E_q[log p(E|H)] per image over the test set, and its SE. */
  distortion: { mean: number; se: number };
  /** rows × columns images of side² pixel probabilities in [0, 1], row-major; one label per row. */
  traversal: { pixels: ArrayLike<number>; rows: number; rowLabels: string[] };
}

export interface BetaExplorerOptions {
  /** Image side in pixels. */
  side: number;
  /** The value each column sets its coordinate to (one per column). */
  columnValues: readonly number[];
  /** Screen pixels per image pixel (default 2). */
  scale?: number;
  title?: string;
  initialBeta?: number;
}

const LABEL_WIDTH = 150, HEADER = 18;

/** The two-panel chart with a β control (see the module comment). */
export function betaExplorer(rows: readonly BetaExplorerRow[], options: BetaExplorerOptions): ChartSpec {
  const fn = "betaExplorer";
  if (!Array.isArray(rows) || rows.length === 0) throw new ArgumentError("rows", fn, "must be a non-empty array of sweep rows");
  if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, "must be { side, columnValues, scale?, title?, initialBeta? }");
  const { side, columnValues } = options;
  const scale = options.scale ?? 2;
  if (!Array.isArray(columnValues) || columnValues.length === 0 || !columnValues.every(Number.isFinite)) {
    throw new ArgumentError("options.columnValues", fn, "must be a non-empty array of finite numbers (one per traversal column)");
  }
  rows.forEach((r, i) => {
    const finite = [r?.rate?.mean, r?.rate?.se, r?.distortion?.mean, r?.distortion?.se].every(Number.isFinite);
    if (!(Number.isFinite(r?.beta) && r.beta > 0) || !finite) {
      throw new ArgumentError(`rows[${i}]`, fn, "must have a positive finite beta and finite rate and distortion (mean and se)");
    }
    if (r.traversal?.rows !== rows[0].traversal?.rows) {
      throw new ArgumentError(`rows[${i}].traversal.rows`, fn, `must be the same for every β (${rows[0].traversal?.rows} in rows[0]), got ${r.traversal?.rows}`);
    }
    if (!Array.isArray(r.traversal?.rowLabels) || r.traversal.rowLabels.length !== r.traversal.rows) {
      throw new ArgumentError(`rows[${i}].traversal.rowLabels`, fn, `must hold one label per row (${r.traversal?.rows})`);
    }
  });
  const betas = rows.map((r) => r.beta);
  const sorted = [...betas].sort((a, b) => a - b);
  const initial = options.initialBeta ?? [...sorted].reverse().find((b) => b <= 4) ?? sorted[0];
  const control = bindControl("beta", betas, { label: "β", initial });
  const cols = columnValues.length, nRows = rows[0].traversal.rows, cell = side * scale + 1;
  // one data row per β holding its pixels (2 decimals); the chosen β's are flattened into one rect each
  const images = rows.map((r, i) => {
    if (r.traversal.pixels?.length !== nRows * cols * side * side) {
      throw new ArgumentError(`rows[${i}].traversal`, fn, `must hold rows · columns · side² = ${nRows * cols * side * side} pixels, got ${r.traversal.pixels?.length}`);
    }
    return { beta: r.beta, p: Array.from(r.traversal.pixels as ArrayLike<number>, (v: number) => Math.round(v * 100) / 100) };
  });
  const imageWidth = cols * cell + 1, imageHeight = nRows * cell + 1;
  const f = (v: number, d = 2) => v.toFixed(d);
  const points = rows.map((r) => ({
    beta: r.beta, rate: r.rate.mean, distortion: r.distortion.mean,
    rlo: r.rate.mean - 2 * r.rate.se, rhi: r.rate.mean + 2 * r.rate.se,
    dlo: r.distortion.mean - 2 * r.distortion.se, dhi: r.distortion.mean + 2 * r.distortion.se,
    text: `β = ${r.beta}: rate ${f(r.rate.mean)} ± ${f(r.rate.se)}, distortion ${f(r.distortion.mean)} ± ${f(r.distortion.se)} nats, ` +
      `F_β = ${f(-r.distortion.mean - r.beta * r.rate.mean)}`,
  })).sort((a, b) => a.beta - b.beta);
  const labels = rows.flatMap((r) => r.traversal.rowLabels.map((label: string, k: number) => ({ beta: r.beta, label, y: HEADER + k * cell + 1 + (side * scale) / 2 })));
  const header = columnValues.map((v, c) => ({ text: `${v}`, x: LABEL_WIDTH + c * cell + 1 + (side * scale) / 2 }));
  const chosen = { filter: control.test };
  const x = { field: "rate", type: "quantitative", scale: { zero: false }, title: "rate: KL (nats per image)" };
  const y = { field: "distortion", type: "quantitative", scale: { zero: false }, title: "distortion: −E_q log p(E|H) (nats)" };
  const curve = {
    width: 320, height: 260, data: { values: points }, layer: [
      { mark: { type: "line", color: "#999", point: { color: "#555" } }, encoding: { x, y, order: { field: "beta" } } },
      { mark: { type: "errorbar", color: "#555" }, encoding: { x: { ...x, field: "rlo" }, x2: { field: "rhi" }, y } },
      { mark: { type: "errorbar", color: "#555" }, encoding: { x, y: { ...y, field: "dlo" }, y2: { field: "dhi" } } },
      { transform: [chosen], mark: { type: "point", size: 260, color: "#d62728", strokeWidth: 2.5 }, encoding: { x, y } },
      { transform: [chosen], mark: { type: "text", align: "left", baseline: "bottom", fontSize: 11 },
        encoding: { x: { value: 0 }, y: { value: -6 }, text: { field: "text" } } },
    ],
  };
  const pixel = (v: number) => ({ value: v });
  const at = (field: string) => ({ field, type: "quantitative", scale: null });
  // pixel i of the flattened images: image (row, col) = floor(i / side²) as row · cols + col, then (y, x) inside it
  const place = [
    { window: [{ op: "row_number", as: "n" }] },
    { calculate: `datum.n - 1`, as: "i" },
    { calculate: `floor(datum.i / ${side * side})`, as: "img" },
    { calculate: `${LABEL_WIDTH} + 1 + (datum.img % ${cols}) * ${cell} + (datum.i % ${side}) * ${scale}`, as: "x" },
    { calculate: `${HEADER} + 1 + floor(datum.img / ${cols}) * ${cell} + floor((datum.i % ${side * side}) / ${side}) * ${scale}`, as: "y" },
    { calculate: `datum.x + ${scale}`, as: "x2" }, { calculate: `datum.y + ${scale}`, as: "y2" },
  ];
  const traversal = {
    width: LABEL_WIDTH + imageWidth, height: HEADER + imageHeight, view: { stroke: null },
    layer: [
      { data: { values: [{}] }, mark: { type: "rect", color: "#888" },
        encoding: { x: pixel(LABEL_WIDTH), x2: pixel(LABEL_WIDTH + imageWidth), y: pixel(HEADER), y2: pixel(HEADER + imageHeight) } },
      { data: { values: images }, transform: [chosen, { flatten: ["p"] }, ...place], mark: { type: "rect" },
        encoding: { x: at("x"), x2: { field: "x2" }, y: at("y"), y2: { field: "y2" },
                    fill: { field: "p", type: "quantitative", scale: { domain: [0, 1], range: ["#000000", "#ffffff"], interpolate: "rgb" }, legend: null } } },
      { data: { values: labels }, transform: [chosen], mark: { type: "text", align: "right", baseline: "middle", fontSize: 10 },
        encoding: { text: { field: "label" }, x: pixel(LABEL_WIDTH - 6), y: at("y") } },
      { data: { values: [{ text: "coordinate (its KL) \\ value" }] }, mark: { type: "text", align: "right", baseline: "bottom", fontSize: 10 },
        encoding: { text: { field: "text" }, x: pixel(LABEL_WIDTH - 6), y: pixel(HEADER - 4) } },
      { data: { values: header }, mark: { type: "text", baseline: "bottom", fontSize: 10 },
        encoding: { text: { field: "text" }, x: at("x"), y: pixel(HEADER - 4) } },
    ],
  };
  return {
    title: { text: options.title ?? "The β sweep: a point on the distortion–rate curve and its latent traversals", subtitle: control.subtitle },
    params: [control.param], hconcat: [curve, traversal], spacing: 40, bounds: "flush",
  } as unknown as ChartSpec;
}
