/** Notebook 06's protocol section helpers: paired differences per stage, the stage table, the NLL-against-passes chart. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  protocolPairedDifferences, protocolStageTable, protocolDifferenceTable, protocolCurveSpec, renderChart, IWAE_PAPER_TABLE1,
  Random, type StagePoint,
} from "elbolab";
import { assertArgumentError, useBackend } from "./setup";

useBackend();

const rng = new Random(7);
const n = 40;
const base = Array.from({ length: n }, () => -100 + 5 * rng.normal());
const point = (model: string, k: number, passes: number, shift: number): StagePoint => {
  const perImage = base.map((v) => v + shift + 0.1 * rng.normal());
  const mean = perImage.reduce((a, b) => a + b, 0) / n;
  return { model, k, passes, stage: passes === 1 ? 0 : 1, testLogLikelihood: mean, se: 0.8, activeUnits: 50, perImage };
};
const results = [point("vae", 1, 1, 0), point("iwae50", 50, 1, 2), point("iwae5", 5, 1, 1), point("vae", 1, 4, 3), point("iwae50", 50, 4, 6)];

describe("protocol curve helpers", () => {
  test("paired differences: mean and SE of the per-image differences, only where both models were evaluated", () => {
    const d = protocolPairedDifferences(results);
    assert.deepEqual(d.map((x) => [x.passes, x.a, x.b]), [[1, "iwae5", "vae"], [1, "iwae50", "vae"], [1, "iwae50", "iwae5"], [4, "iwae50", "vae"]]);
    const diff = Array.from(results[4].perImage, (v, i) => v - results[3].perImage[i]);
    const mean = diff.reduce((a, b) => a + b, 0) / n;
    const se = Math.sqrt(diff.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) / n);
    assert.ok(Math.abs(d[3].mean - mean) < 1e-12 && Math.abs(d[3].se - se) < 1e-12, `${d[3].mean} ± ${d[3].se} vs ${mean} ± ${se}`);
    assert.ok(d[3].se < 0.05, "pairing removes the spread across images (per-image noise 0.1·√2 / √40)");
    assert.equal(d[1].paper, IWAE_PAPER_TABLE1.vae.nll - IWAE_PAPER_TABLE1.iwae50.nll);
    assert.equal(protocolDifferenceTable(d)[0].passes, 1);
  });

  test("stage table: sorted by passes then k, NLL = −L, the paper's values beside", () => {
    const rows = protocolStageTable(results);
    assert.deepEqual(rows.map((r) => [r.passes, r.model]), [[1, "VAE (k = 1)"], [1, "IWAE k = 5"], [1, "IWAE k = 50"], [4, "VAE (k = 1)"], [4, "IWAE k = 50"]]);
    assert.equal(rows[0]["test NLL"], -results[0].testLogLikelihood);
    assert.equal(rows[2]["NLL (paper, 3,280 passes)"], 84.78);
  });

  test("the chart renders headless with a log axis of passes and the paper's three diamonds", async () => {
    const spec = protocolCurveSpec(results) as { layer: { data: { values: { passes: number }[] }; encoding: { x: { scale: { type: string } } } }[] };
    assert.equal(spec.layer[0].encoding.x.scale.type, "log");
    assert.deepEqual(spec.layer[2].data.values.map((v) => v.passes), [3280, 3280, 3280]);
    const chart = await renderChart(protocolCurveSpec(results));
    assert.ok(chart.png.length > 1000);
  });

  test("bad input is an error naming the argument and the function", () => {
    assertArgumentError(() => protocolStageTable({} as unknown as StagePoint[]), "results", "protocolStageTable");
    assertArgumentError(() => protocolCurveSpec([{ ...results[0], se: NaN }]), "results[0]", "protocolCurveSpec");
    const short = { ...results[1], perImage: Array.from(results[1].perImage).slice(1) } as StagePoint;
    assertArgumentError(() => protocolPairedDifferences([results[0], short]), "results", "protocolPairedDifferences");
  });
});
