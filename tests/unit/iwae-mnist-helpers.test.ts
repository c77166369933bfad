/**
 * Notebook 06's presentation helpers (iwaePaperComparisonText, lkCurveTable, lkRiseChartSpec): the numbers and
 * the words chosen from them are recomputed here, the chart compiles and renders headless, and bad inputs
 * name the argument and the function.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IWAE_PAPER_PASSES, IWAE_PAPER_TABLE1, iwaePaperComparisonText, iwaeScheduleStage, lkCurveTable,
         lkRiseChartSpec, renderChart, type IwaePaperRun } from "elbolab";
import { assertArgumentError } from "./setup";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const quickRun: IwaePaperRun = {
  full: false, trainSize: 600, testSize: 100, passes: 2, latentSize: 50,
  vae: { mean: -204.9, se: 2.1, activeUnits: 50 },
  iwae50: { mean: -200.4, se: 2.0, activeUnits: 50, passes: 2 },
  gain: { mean: 4.5, se: 0.4 },
};

describe("iwaePaperComparisonText", () => {
  test("quick mode: says the comparison is for full mode, the budget, NLLs against Table 1, the paired gain", () => {
    const text = iwaePaperComparisonText(quickRun);
    const paras = text.split("\n\n");
    assert.equal(paras[0], "**Quick mode: compare with the paper in full mode only.**");
    const share = (100 * 2 / IWAE_PAPER_PASSES).toFixed(2);
    assert.ok(paras[1].includes(`for 2 passes (${share} % of the paper's 3,280; the schedule stops in stage ` +
      `i = ${iwaeScheduleStage(1)}, the paper's runs to i = ${iwaeScheduleStage(IWAE_PAPER_PASSES - 1)})`), paras[1]);
    assert.ok(paras[1].includes("evaluated on 100 test digits"));
    const vaeGap = (204.9 - IWAE_PAPER_TABLE1.vae.nll).toFixed(2), k50Gap = (200.4 - IWAE_PAPER_TABLE1.iwae50.nll).toFixed(2);
    assert.ok(paras[2].includes(`VAE 204.90 ± 2.10 nats (paper 86.76, +${vaeGap})`), paras[2]);
    assert.ok(paras[2].includes(`IWAE k = 50 200.40 ± 2.00 (paper 84.78, +${k50Gap})`), paras[2]);
    assert.ok(paras[3].includes("gain over the VAE is 4.50 ± 0.40 nats (paper 1.98): the run resolves"), paras[3]);
    assert.ok(paras[3].includes("(2 of 3,280 passes)"));
    assert.ok(paras[3].includes(`the pruning the paper reports (${50 - IWAE_PAPER_TABLE1.vae.activeUnits} of 50 units`));
    assert.ok(paras[4].includes(`${share} % of its training passes on 600 of the 60,000 training digits`), paras[4]);
  });
  test("full mode and a gain within 3 SE: no quick-mode line, 'does not resolve', no pruning sentence", () => {
    const text = iwaePaperComparisonText({ ...quickRun, full: true, trainSize: 60000, passes: 1,
      vae: { ...quickRun.vae, mean: -80, activeUnits: 30 }, gain: { mean: 1.1, se: 0.4 } });
    assert.ok(!text.includes("Quick mode"));
    assert.ok(text.includes("for 1 pass ("), "singular");
    assert.ok(text.includes("(paper 86.76, −6.76)"), "a NLL below the paper's carries a minus sign");
    assert.ok(text.includes("the run does not resolve IWAE k = 50 above the VAE at 3 SE"));
    assert.ok(text.includes("30 (VAE), paper 25 and 19."));
    assert.ok(!text.includes("of the 60,000 training digits"), "every training digit was used");
  });
  test("bad input names the argument and iwaePaperComparisonText", () => {
    const fn = "iwaePaperComparisonText";
    assertArgumentError(() => iwaePaperComparisonText(null as never), "run", fn);
    assertArgumentError(() => iwaePaperComparisonText({ ...quickRun, passes: 0 }), "run.passes", fn);
    assertArgumentError(() => iwaePaperComparisonText({ ...quickRun, gain: { mean: 1, se: NaN } }), "run.gain.se", fn);
    assertArgumentError(() => iwaePaperComparisonText({ ...quickRun, vae: { ...quickRun.vae, activeUnits: 51 } }),
                        "run.vae.activeUnits", fn);
    assertArgumentError(() => iwaePaperComparisonText({ ...quickRun, iwae50: { ...quickRun.iwae50, passes: 1.5 } }),
                        "run.iwae50.passes", fn);
  });
});

describe("lkCurveTable", () => {
  const points = [1, 10, 100].map((k) => ({ k, L: -100 + Math.log10(k), seL: 1, gap: 2 - Math.log10(k), seGap: 0.1 / k }));
  test("mean L_k ± SE and the paired gap to the last k, its column named after that k", () => {
    const df = lkCurveTable(points) as Any;
    assert.deepEqual(df.columns, ["k", "mean L_k", "± SE (images)", "L_100 − L_k", "± SE (paired)"]);
    assert.deepEqual(df.values, points.map((p) => [p.k, p.L, p.seL, p.gap, p.seGap]));
  });
  test("bad input names the argument and lkCurveTable", () => {
    assertArgumentError(() => lkCurveTable([]), "points", "lkCurveTable");
    assertArgumentError(() => lkCurveTable([points[0], { ...points[1], gap: NaN }]), "points[1].gap", "lkCurveTable");
    assertArgumentError(() => lkCurveTable([{ ...points[0], k: 0 }]), "points[0].k", "lkCurveTable");
  });
});

describe("lkRiseChartSpec", () => {
  const rows = [1, 10, 100].flatMap((k) => [{ model: "VAE (k = 1)", k, rise: 0.3 * Math.log10(k), se: 0.01 },
                                             { model: "IWAE (k = 5)", k, rise: 0.5 * Math.log10(k), se: 0.01 }]);
  test("one line per model over log k of the paired rise; renders both models", async () => {
    const spec = lkRiseChartSpec(rows, { title: "rise" }) as Any;
    assert.deepEqual(spec.data.values, rows);
    assert.equal(spec.encoding.x.scale.type, "log");
    assert.equal(spec.encoding.y.field, "rise");
    assert.equal(spec.encoding.color.field, "model");
    const { svg, png } = await renderChart(spec);
    assert.ok(png.length > 1000 && svg.includes("VAE (k = 1)") && svg.includes("IWAE (k = 5)"), "a legend entry per model");
  });
  test("bad input names the argument and lkRiseChartSpec", () => {
    assertArgumentError(() => lkRiseChartSpec([], { title: "t" }), "rows", "lkRiseChartSpec");
    assertArgumentError(() => lkRiseChartSpec([{ ...rows[0], k: 0 }], { title: "t" }), "rows[0].k", "lkRiseChartSpec");
    assertArgumentError(() => lkRiseChartSpec([rows[0], { ...rows[1], rise: NaN }], { title: "t" }), "rows[1].rise", "lkRiseChartSpec");
    assertArgumentError(() => lkRiseChartSpec([{ ...rows[0], model: 3 as never }], { title: "t" }), "rows[0].model", "lkRiseChartSpec");
  });
});
