/**
 * The ELBO during training against the exact log-evidence (notebook 03): one line of the training objective
 * per Adam step, ELBO(q) = E_q[log p(E, H) − log q(H | E)] estimated with one reparameterised draw per
 * observation and averaged over the data, and a dashed rule at the exact mean log p(E) of the same data,
 * which every step's expectation stays below (log p(E) − ELBO(q) = KL(q(H|E) ‖ p(H|E)) ≥ 0).
 *
 * `history[i]` is the estimate at step i + 1; the line keeps every `every`-th step (steps 1, 1 + every, …;
 * default 1: all of them), so a long run draws a few hundred points. The y axis does not start at zero.
 * Returns a vega-lite spec for `showChart`.
 *
 * Errors (ArgumentError naming the argument and 'elboTrainingChartSpec'): `history` empty or holding a
 * non-finite value, `logEvidence` not finite, `options.every` not an integer ≥ 1.
 */
import { ArgumentError, assertAllFinite, assertFiniteNumber, assertInteger } from "../errors";
import type { ChartSpec } from "./chart";

export function elboTrainingChartSpec(history: readonly number[], logEvidence: number,
  options: { every?: number } = {}): ChartSpec {
  const fn = "elboTrainingChartSpec";
  if (!Array.isArray(history) || history.length === 0) throw new ArgumentError("history", fn, "must be a non-empty array of per-step ELBO estimates");
  assertAllFinite(history, "history", fn);
  assertFiniteNumber(logEvidence, "logEvidence", fn);
  const every = options.every ?? 1;
  assertInteger(every, "options.every", fn, 1);
  const curve = history.map((v, i) => ({ step: i + 1, elbo: v })).filter((_, i) => i % every === 0);
  return {
    title: "ELBO during training (mean over the data); dashed: exact mean log p(E)",
    width: 460, height: 240,
    layer: [
      { data: { values: curve }, mark: "line",
        encoding: { x: { field: "step", type: "quantitative", title: "Adam step" },
                    y: { field: "elbo", type: "quantitative", title: "nats", scale: { zero: false } } } },
      { data: { values: [{ logp: logEvidence }] }, mark: { type: "rule", strokeDash: [6, 4], color: "firebrick" },
        encoding: { y: { field: "logp", type: "quantitative" } } },
    ],
  } as ChartSpec;
}
