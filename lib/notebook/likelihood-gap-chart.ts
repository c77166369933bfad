/**
 * The exact log-likelihood gap max_θ log p(E) − log p_θ(E) of each training objective along its Adam steps
 * (notebook 05: VAE and IWAE training of a linear-Gaussian model against the probabilistic-PCA maximum,
 * Tipping & Bishop 1999), on a log scale, with the window the conclusions average over (the last
 * `tailFraction` of the steps) shaded. Returns a vega-lite spec for `showChart`.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../errors";
import type { ChartSpec } from "./chart";

export interface LikelihoodGapPoint {
  step: number;
  /** The objective's label ("VAE (k = 1)", "IWAE (k = 5)", ...). */
  objective: string;
  /** max log p − mean log p_θ(E) at this step, in nats (> 0). */
  gap: number;
}

export function likelihoodGapChartSpec(
  curves: readonly LikelihoodGapPoint[], options: { steps: number; tailFraction: number },
): ChartSpec {
  const fn = "likelihoodGapChartSpec";
  if (!Array.isArray(curves) || curves.length === 0) throw new ArgumentError("curves", fn, "must be a non-empty array");
  curves.forEach((p) => {
    assertFiniteNumber(p?.step, "curves[].step", fn);
    assertPositive(p?.gap, "curves[].gap", fn);
    if (typeof p.objective !== "string" || p.objective === "") throw new ArgumentError("curves[].objective", fn, "must be a non-empty string");
  });
  assertPositive(options?.steps, "options.steps", fn);
  const tail = options.tailFraction;
  assertFiniteNumber(tail, "options.tailFraction", fn);
  if (!(tail > 0 && tail <= 1)) throw new ArgumentError("options.tailFraction", fn, `must be in (0, 1], got ${tail}`);
  const percent = Math.round(100 * tail);
  const x = { field: "step", type: "quantitative", title: "Adam step" };
  return {
    title: { text: "Exact log-likelihood gap to the PPCA maximum during training",
             subtitle: `shaded: the last ${percent}% of the steps, which the conclusions average each curve over` },
    width: 460, height: 260,
    layer: [
      { data: { values: [{ from: (1 - tail) * options.steps, to: options.steps }] },
        mark: { type: "rect", color: "#eeeeee" },
        encoding: { x: { field: "from", type: "quantitative", title: "Adam step" }, x2: { field: "to" } } },
      { data: { values: curves }, mark: "line",
        encoding: {
          x,
          y: { field: "gap", type: "quantitative", scale: { type: "log" },
               title: "max log p − mean log p(E) (nats, log scale)" },
          // the legend in the order the objectives come (VAE, IWAE k = 5, 50), not alphabetical
          color: { field: "objective", type: "nominal", title: null, legend: { orient: "bottom" },
                   scale: { domain: [...new Set(curves.map((p) => p.objective))] } },
        } },
    ],
  } as ChartSpec;
}
