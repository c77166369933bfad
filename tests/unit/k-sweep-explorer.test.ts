import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as vegaLite from "vega-lite";
import { kSweepExplorer, renderChart, type ChartSpec } from "elbolab";
import { assertArgumentError } from "./setup";

const ks = [1, 10, 100, 1000];
const rows = ["shifted", "narrow", "exact"].flatMap((encoder, e) => ks.map((k) => {
  const gap = e === 2 ? 0 : (e + 1) / k;
  return { encoder, k, bound: { mean: -5 - gap, se: 0.01 / Math.sqrt(k) }, gap: { mean: gap, se: gap / 20 },
    logp: -5, predicted: e === 0 ? 1 / k : Infinity };
}));

describe("kSweepExplorer", () => {
  it("the static image shows the initial encoder's rows and states L_k and the gap at the initial k", async () => {
    const { svg } = await renderChart(kSweepExplorer(rows, { initialEncoder: "narrow", initialK: 10 }));
    const r = rows.find((x) => x.encoder === "narrow" && x.k === 10)!;
    assert.ok(svg.includes(`k = 10: L_k = ${r.bound.mean.toFixed(4)}`), "the text of the chosen row");
    assert.ok(svg.includes("Var(w) = ∞"), "no prediction for an infinite variance");
    assert.ok(svg.includes("a static image shows encoder = narrow."));
    assert.ok(!svg.includes("L_k = -6.0000"), "the shifted encoder's k = 1 row is not drawn");
  });

  it("compiles with a dropdown/radio over the encoders and a control over k", () => {
    const compiled = vegaLite.compile(kSweepExplorer(rows) as ChartSpec).spec as Record<string, any>;
    const names = compiled.signals.filter((s: { bind?: unknown }) => s.bind).map((s: { name: string }) => s.name).sort();
    assert.deepEqual(names, ["encoder_control", "k_control"]);
    const k = compiled.signals.find((s: { name: string }) => s.name === "k_control");
    assert.equal(k.value, Math.log10(1000), "the largest k first (log slider over decades)");
  });

  it("bad input names the argument and kSweepExplorer", () => {
    assertArgumentError(() => kSweepExplorer([]), "rows", "kSweepExplorer");
    assertArgumentError(() => kSweepExplorer([{ ...rows[0], gap: { mean: NaN, se: 1 } }]), "rows[0]", "kSweepExplorer");
    assertArgumentError(() => kSweepExplorer(rows, { initialK: 3 }), "options.initial", "bindControl");
  });
});
