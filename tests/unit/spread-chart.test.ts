/**
 * spreadChartSpec: histograms of the draws per k with a control over k; counts, means and SNR are
 * computed here from the inputs, and the static image (rendered headless) shows the initial k only.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { spreadChartSpec, lkGapCurveChartSpec, bindControl, renderChart, Random } from "elbolab";
import { assertArgumentError } from "./setup";

const ks = [1, 2, 4, 8];
const rng = new Random(3);
// draws of spread 1/√k around 1: the histogram narrows with k
const draws = ks.map((k) => rng.normalArray(2000).map((z) => 1 + z / Math.sqrt(k)));

describe("spreadChartSpec", () => {
  test("bins every k on shared edges, the mean and SNR per k, a log slider over k", async () => {
    const spec = spreadChartSpec([{ label: "θ", ks, draws, reference: { value: 1, label: "limit" } }],
                                 { title: "spread", bins: 20, initialK: 4 }) as any;
    const rows = spec.data.values;
    for (const [i, k] of ks.entries()) {
      const bins = rows.filter((r: any) => r.kind === "bin" && r.k === k);
      assert.equal(bins.length, 20);
      const lo = bins[0].x0, hi = bins[19].x1, w = (hi - lo) / 20;
      const inside = draws[i].filter((v) => v >= lo && v <= hi).length;
      const area = bins.reduce((s: number, b: any) => s + b.density * w, 0);
      assert.ok(Math.abs(area - inside / draws[i].length) < 1e-9, `k = ${k}: area = share drawn`);
      const mean = draws[i].reduce((s, v) => s + v, 0) / draws[i].length;
      const m = rows.find((r: any) => r.kind === "mean" && r.k === k);
      assert.ok(Math.abs(m.x - mean) < 1e-12);
      assert.match(m.text, new RegExp(`^k = ${k}: mean`));
    }
    // the same edges for every k
    const edges = (k: number) => rows.filter((r: any) => r.kind === "bin" && r.k === k).map((r: any) => r.x0);
    assert.deepEqual(edges(1), edges(8));
    assert.match(spec.params[0].bind.name, /log₁₀ k/, "a log slider over powers of 2");
    assert.deepEqual(spec.params[0], bindControl("k", ks, { initial: 4 }).param, "the control of k = 4");
    assert.match(JSON.stringify(spec.title), /static image shows k = 4/);
    const { svg } = await renderChart(spec);
    assert.ok(svg.includes("k = 4: mean") && !svg.includes("k = 1: mean"), "only the initial k is drawn");
  });

  test("bad input names the argument and spreadChartSpec", () => {
    assertArgumentError(() => spreadChartSpec([], { title: "t" }), "series", "spreadChartSpec");
    assertArgumentError(() => spreadChartSpec([{ label: "a", ks, draws: draws.slice(1) }], { title: "t" }),
                        "series[0].draws", "spreadChartSpec");
    assertArgumentError(() => spreadChartSpec([{ label: "a", ks: [1, 2], draws: [[1], [NaN]] }], { title: "t" }),
                        "series[0].draws[1]", "spreadChartSpec");
    assertArgumentError(() => spreadChartSpec([{ label: "a", ks, draws }], { title: "t", bins: 1 }),
                        "options.bins", "spreadChartSpec");
  });
});

describe("lkGapCurveChartSpec", () => {
  const points = [1, 10, 100, 1000].map((k) => ({ k, L: -100 + Math.log10(k), gap: 3 - Math.log10(k),
                                                  seGap: 0.1 / k }));
  test("the curve with ±2 SE, a control over k highlighting the chosen point and its numbers", async () => {
    const spec = lkGapCurveChartSpec(points, { title: "gap", initialK: 10 }) as any;
    const rows = spec.data.values;
    rows.forEach((r: any, i: number) => assert.ok(Math.abs(r.hi - r.lo - 4 * points[i].seGap) < 1e-12));
    assert.match(spec.params[0].bind.name, /log₁₀ k/);
    assert.match(spec.title.subtitle, /static image shows k = 10/);
    const { svg } = await renderChart(spec);
    assert.ok(svg.includes("k = 10: L_1000 − L_k = 2.000 ± 0.010"), "the chosen point's numbers");
    assert.ok(!svg.includes("k = 100: L_1000"), "only the chosen point is labelled");
  });

  test("bad input names the argument and lkGapCurveChartSpec", () => {
    assertArgumentError(() => lkGapCurveChartSpec([], { title: "t" }), "points", "lkGapCurveChartSpec");
    assertArgumentError(() => lkGapCurveChartSpec([{ ...points[0], gap: NaN }], { title: "t" }),
                        "points[0].gap", "lkGapCurveChartSpec");
    assertArgumentError(() => lkGapCurveChartSpec([points[0], points[0]], { title: "t" }),
                        "points", "lkGapCurveChartSpec");
  });
});
