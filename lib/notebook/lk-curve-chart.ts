/**
 * The test-set gap L_K − L_k against k (K the largest k; Burda et al. 2016, Theorem 1: L_k rises with k
 * toward log p(x)), on a symlog gap axis and a log k axis, each point with ±2 SE of the paired gap (common
 * random numbers, `estimateLkCurve`), and a live control over k (`bindControl("k", ks)`: radio buttons or a
 * dropdown for irregular k) that highlights the chosen point and writes its gap ± SE and its mean L_k in the
 * chart. The whole curve stays drawn; the static image highlights `initialK` (default: the smallest k).
 *
 * Errors (ArgumentError naming the argument and 'lkGapCurveChartSpec'): no points, a k that is not a
 * positive integer or repeats, a gap, SE or L that is not finite.
 */
import { ArgumentError, assertFiniteNumber, assertInteger } from "../errors";
import type { ChartSpec } from "./chart";
import { bindControl } from "./controls";

export function lkGapCurveChartSpec(points: readonly { k: number; L: number; gap: number; seGap: number }[],
  options: { title: string; initialK?: number }): ChartSpec {
  const fn = "lkGapCurveChartSpec";
  if (!Array.isArray(points) || points.length === 0) throw new ArgumentError("points", fn, "must be a non-empty array");
  points.forEach((p, i) => {
    assertInteger(p?.k, `points[${i}].k`, fn, 1);
    for (const f of ["L", "gap", "seGap"] as const) assertFiniteNumber(p[f], `points[${i}].${f}`, fn);
  });
  const ks = points.map((p) => p.k), K = Math.max(...ks);
  if (new Set(ks).size !== ks.length) throw new ArgumentError("points", fn, `must not repeat a k, got ${ks.join(", ")}`);
  const control = bindControl("k", ks, { initial: options?.initialK ?? Math.min(...ks) });
  const rows = points.map((p) => ({
    k: p.k, gap: p.gap, lo: p.gap - 2 * p.seGap, hi: p.gap + 2 * p.seGap,
    text: `k = ${p.k}: L_${K} − L_k = ${p.gap.toFixed(3)} ± ${p.seGap.toFixed(3)} nats (SE); mean L_k ${p.L.toFixed(2)}`,
  }));
  const y = { type: "quantitative", title: `L_${K} − L_k (nats, symlog scale)`,
              scale: { type: "symlog", domainMin: 0 }, axis: { values: [0, 1, 3, 10, 30, 100, 300, 1000] } };
  const chosen = [{ filter: control.test }];
  return {
    title: { text: options.title, subtitle: control.subtitle },
    width: 440, height: 260,
    params: [control.param],
    data: { values: rows },
    encoding: { x: { field: "k", type: "quantitative", title: "k (log scale)",
                     scale: { type: "log", domain: [Math.min(...ks), K] },
                     axis: { values: [...ks.filter((k) => Number.isInteger(Math.log10(k))), K] } } },
    layer: [
      { mark: { type: "line", point: true }, encoding: { y: { field: "gap", ...y } } },
      { mark: { type: "errorbar", ticks: true }, encoding: { y: { field: "lo", ...y }, y2: { field: "hi" } } },
      { transform: chosen, mark: { type: "point", filled: true, size: 160, color: "firebrick" },
        encoding: { y: { field: "gap", ...y } } },
      { transform: chosen, mark: { type: "text", align: "right", dy: -8, fontSize: 11 },
        encoding: { text: { field: "text" }, x: { value: 440 }, y: { value: 0 } } },
    ],
  } as unknown as ChartSpec;
}
