/**
 * The chart and text helpers the notebooks' cells call (snrChartSpec, trainingGapChartSpec,
 * averagingChartSpec, kGapChartSpec, rankText, snrSlopeAboveNoiseFloor; notebook 01's svmFigurePanels,
 * svmTradeoffChartSpec, svmTradeoffText, cvAccuracyChartSpec, formRelationChartSpec): what they draw is
 * computed here from the inputs, and each renders headless.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { snrChartSpec, trainingGapChartSpec, likelihoodGapChartSpec, distortionRateTangentChart, totalCorrelationChart, averagingChartSpec, kGapChartSpec, rankText, renderChart,
         snrSlopeAboveNoiseFloor, snrStandardError, Random, analyzeSvm, crossValidateSvm, CV_ACCURACY_SETS,
         cvAccuracyChartSpec, formRelationChartSpec, irisTwoClass, lectureCAlongStandardPath, normFormThreshold,
         rbfKernel, renderMarkdown, solveSvmCSweep, svmFigureDomain, svmFigurePanels, svmTradeoffChartSpec,
         svmTradeoffText, twoGaussians } from "elbolab";
import { assertArgumentError } from "./setup";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const layerValues = (spec: any, i: number) => spec.layer[i].data.values;

describe("teaching charts", () => {
  test("SNR chart: only points above 3/√R, ±2 SE bars, the floor as a rule, reference lines", async () => {
    const R = 10_000, floor = 3 / Math.sqrt(R);
    const spec = snrChartSpec([
      { label: "θ", ks: [1, 2, 4], snr: [0.5, 0.7, 1] },
      { label: "φ", ks: [1, 2, 4], snr: [0.3, 0.05, 0.02] },
    ], { replicas: R, references: [{ seriesIndex: 1, slope: -0.5, label: "−½" }] });
    const points = layerValues(spec, 0);
    assert.deepEqual(points.map((p: { series: string; k: number }) => `${p.series}${p.k}`), ["θ1", "θ2", "θ4", "φ1", "φ2"]);
    const se = Math.sqrt((1 + 0.05 ** 2 / 2) / R);
    const phi2 = points.find((p: { series: string; k: number }) => p.series === "φ" && p.k === 2);
    assert.ok(Math.abs(phi2.hi - (0.05 + 2 * se)) < 1e-15 && Math.abs(phi2.lo - (0.05 - 2 * se)) < 1e-15);
    assert.equal(snrStandardError(0.05, R), se);
    assert.deepEqual(layerValues(spec, 3), [{ snr: floor }]);
    const refs = layerValues(spec, 2);
    assert.deepEqual(refs.map((r: { snr: number }) => r.snr), [1, 2, 4].map((k) => 0.3 * k ** -0.5));
    assert.match(JSON.stringify(spec.title), /noise floor 3\/√R = 0\.030/);
    assert.ok((await renderChart(spec)).png.length > 1000);
    assertArgumentError(() => snrChartSpec([], { replicas: R }), "series", "snrChartSpec");
    assertArgumentError(() => snrChartSpec([{ label: "x", ks: [1], snr: [1, 2] }], { replicas: R }), "series", "snrChartSpec");
  });

  test("training-gap chart draws the curve and the floor", async () => {
    const curve = [{ step: 1, gap: 1 }, { step: 2, gap: 0.1 }];
    const spec = trainingGapChartSpec(curve, 0.0086);
    assert.deepEqual(layerValues(spec, 0), curve);
    assert.equal(layerValues(spec, 1)[0].gap, 0.0086);
    assert.match(JSON.stringify(spec.title), /mean-field floor 0\.00860 nats/);
    assert.ok((await renderChart(spec)).png.length > 1000);
    assertArgumentError(() => trainingGapChartSpec(curve, 0), "floor", "trainingGapChartSpec");
    assertArgumentError(() => trainingGapChartSpec([{ step: 1, gap: -1 }], 0.1), "curve[].gap", "trainingGapChartSpec");
  });

  test("likelihood-gap chart: one line per objective, the averaged tail shaded", async () => {
    const curves = [{ step: 0, objective: "VAE", gap: 1 }, { step: 100, objective: "VAE", gap: 0.01 },
                    { step: 0, objective: "IWAE", gap: 1 }, { step: 100, objective: "IWAE", gap: 0.02 }];
    const spec = likelihoodGapChartSpec(curves, { steps: 100, tailFraction: 0.2 });
    assert.deepEqual(layerValues(spec, 0), [{ from: 80, to: 100 }]);
    assert.deepEqual(layerValues(spec, 1), curves);
    assert.match(JSON.stringify(spec.title), /the last 20% of the steps/);
    assert.deepEqual((spec as any).layer[1].encoding.color.scale.domain, ["VAE", "IWAE"], "legend in the given order"); // eslint-disable-line
    assert.ok((await renderChart(spec)).png.length > 1000);
    assertArgumentError(() => likelihoodGapChartSpec(curves, { steps: 100, tailFraction: 0 }), "options.tailFraction", "likelihoodGapChartSpec");
    assertArgumentError(() => likelihoodGapChartSpec([{ ...curves[0], gap: 0 }], { steps: 100, tailFraction: 0.2 }), "curves[].gap", "likelihoodGapChartSpec");
  });

  test("distortion–rate chart: the sweep's line, β* diamonds with tangents of slope −β* through them", async () => {
    const sweep = [{ beta: 2, rate: 6, distortion: 40 }, { beta: 1, rate: 9, distortion: 35 }];
    const spec = distortionRateTangentChart(sweep, [{ beta: 1.5, rate: 7, distortion: 37, epsilon: 7 }]) as any; // eslint-disable-line
    assert.deepEqual(spec.layer[0].data.values.map((p: { rate: number }) => p.rate), [6, 9], "the line runs along the rate");
    const t = spec.layer[1].data.values;
    assert.equal(t.length, 2);
    assert.ok(Math.abs((t[1].distortion - t[0].distortion) / (t[1].rate - t[0].rate) + 1.5) < 1e-12, "slope −β*");
    assert.equal(t[0].eps, "slope −β* (ε = 7)");
    assert.deepEqual(spec.layer[2].data.values.map((p: { kind: string; label: string }) => `${p.kind}: ${p.label}`),
      ["β sweep: β 2", "β sweep: β 1", "β* (constrained): β 1.5"]);
    assert.ok((await renderChart(spec)).png.length > 1000);
    assert.equal((distortionRateTangentChart(sweep, []) as any).layer.length, 4, "no tangent layer without a β*"); // eslint-disable-line
    assertArgumentError(() => distortionRateTangentChart([], []), "sweep", "distortionRateTangentChart");
    assertArgumentError(() => distortionRateTangentChart(sweep, [{ beta: 1, rate: 1, distortion: 1, epsilon: NaN }]),
                        "constrained[0].epsilon", "distortionRateTangentChart");
  });

  test("total-correlation chart: TC with ±2 SE bars and TC / KL on a log β axis", async () => {
    const spec = totalCorrelationChart([{ beta: 1, tc: 3, se: 0.5, kl: 10 }, { beta: 8, tc: 0.2, se: 0.01, kl: 5 }]) as any; // eslint-disable-line
    assert.deepEqual(spec.data.values.map((r: { ratio: number; lo: number; hi: number }) => [r.ratio, r.lo, r.hi]),
      [[3 / 10, 3 - 2 * 0.5, 3 + 2 * 0.5], [0.2 / 5, 0.2 - 2 * 0.01, 0.2 + 2 * 0.01]]);
    assert.equal(spec.hconcat.length, 2);
    assert.ok((await renderChart(spec)).png.length > 1000);
    assertArgumentError(() => totalCorrelationChart([{ beta: 1, tc: 1, se: -1, kl: 1 }]), "rows[0]", "totalCorrelationChart");
  });

  test("averaging chart: both panels in SE units", async () => {
    const pts = [{ k: 1, outside: { mean: -4.05, se: 0.01 }, bound: { mean: -4.05, se: 0.01 } },
                 { k: 10, outside: { mean: -4.03, se: 0.002 }, bound: { mean: -4.01, se: 0.004 } }];
    const spec = averagingChartSpec(pts, -4.04, -4, 1000) as unknown as { hconcat: { layer: { data: { values: { k: number; z: number }[] } }[] }[] };
    const z = (i: number) => spec.hconcat[i].layer[2].data.values.map((v) => v.z);
    const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-9);
    assert.ok(close(z(0), [(-4.05 + 4.04) / 0.01, (-4.03 + 4.04) / 0.002]), String(z(0)));
    assert.ok(close(z(1), [(-4.05 + 4) / 0.01, (-4.01 + 4) / 0.004]), String(z(1)));
    assert.ok((await renderChart(spec as never)).png.length > 1000);
    assertArgumentError(() => averagingChartSpec([{ ...pts[0], outside: { mean: 0, se: 0 } }], 0, 0, 1), "points[].outside.se", "averagingChartSpec");
  });

  test("k-gap chart: control-variate points, delta-method line only for finite Var(w)", () => {
    const pts = [{ k: 1, gap: { mean: 0.04, se: 0.002 } }, { k: 10, gap: { mean: 0.004, se: 0.0002 } }];
    const spec = kGapChartSpec(pts, { relativeVariance: 0.09, klAtK1: 0.035, rows: 1000 });
    assert.deepEqual(layerValues(spec, 0).map((r: { lo: number }) => r.lo), [0.04 - 0.004, 0.004 - 0.0004]);
    assert.deepEqual(layerValues(spec, 2).map((r: { gap: number }) => r.gap), [0.045, 0.0045]);
    const infinite = kGapChartSpec(pts, { relativeVariance: Infinity, klAtK1: 0.035, rows: 10 }) as any; // eslint-disable-line
    assert.deepEqual(layerValues(infinite, 2), []);
    // the legend lists only the series drawn: no delta-method entry without its line
    const domains = (spec: any) => spec.layer.map((l: any) => l.encoding.color.scale.domain); // eslint-disable-line
    assert.ok(domains(spec).every((d: string[]) => d.length === 3 && d.some((n) => /delta method/.test(n))));
    assert.ok(domains(infinite).every((d: string[]) => d.length === 2 && !d.some((n) => /delta method/.test(n))));
    assertArgumentError(() => kGapChartSpec([{ k: 1 }], { relativeVariance: 1, klAtK1: 0, rows: 1 }), "points[].gap.mean", "kGapChartSpec");
  });
});

describe("rankText and the noise-floor fit", () => {
  test("ranking says > only where neighbours differ by more than 2 combined SE", () => {
    const text = rankText([{ label: "B", mean: 0.010, se: 0.001 }, { label: "A", mean: 0.05, se: 0.008 },
                           { label: "C", mean: 0.0095, se: 0.001 }]);
    assert.equal(text, "A 5.00e-2 ± 8.0e-3 > B 1.00e-2 ± 1.0e-3 ≈ C 9.50e-3 ± 1.0e-3");
    assertArgumentError(() => rankText([]), "items", "rankText");
    assertArgumentError(() => rankText([{ label: "x", mean: Number.NaN, se: 1 }]), "items[].mean", "rankText");
  });

  test("the slope is fitted through the points above the floor only", () => {
    // draws with SNR exactly 1, 0.5, 0.01 (two-point draws ±s around the mean), R = 10000: the last is at the floor
    const draws = (mean: number, sd: number) => Array.from({ length: 10_000 }, (_, i) => mean + (i % 2 ? sd : -sd));
    const ks = [1, 4, 16];
    const fit = snrSlopeAboveNoiseFloor(ks, [draws(1, 1), draws(0.5, 1), draws(0.01, 1)], { seed: new Random(1), replicas: 10_000, bootstrap: 20 });
    assert.deepEqual(fit.used, [1, 4]);
    assert.deepEqual(fit.atFloor, [16]);
    const sd = Math.sqrt(10_000 / 9_999); // sample sd of ±1 draws
    const expected = (Math.log(0.5 / sd) - Math.log(1 / sd)) / Math.log(4);
    assert.ok(Math.abs(fit.slope - expected) < 1e-12, `${fit.slope} vs ${expected}`);
    const none = snrSlopeAboveNoiseFloor(ks, [draws(0.01, 1), draws(0.01, 1), draws(1, 1)], { seed: 1, replicas: 10_000, bootstrap: 5 });
    assert.ok(Number.isNaN(none.slope) && none.used.length === 1);
  });
});

describe("notebook 01's charts and sentence", () => {
  const d = twoGaussians(30, 2);
  const sweep = solveSvmCSweep(d, [0.1, 1, 10, 100]);

  test("svmFigurePanels: one panel per solution on shared axes, titled with C and its margin width", async () => {
    const spec = svmFigurePanels(sweep.solutions.slice(0, 2), { title: "t" }) as unknown as { hconcat: { title: string; layer: { encoding: { x: { scale: { domain: number[] } } } }[] }[] };
    assert.equal(spec.hconcat.length, 2);
    spec.hconcat.forEach((p, i) => {
      assert.equal(p.title, `C = ${sweep.solutions[i].C}: margin width ${analyzeSvm(sweep.solutions[i]).marginWidth.toFixed(2)}`);
      assert.deepEqual(p.layer[0].encoding.x.scale.domain, svmFigureDomain(d.x)[0]);
    });
    assert.ok((await renderChart(spec as never)).png.length > 1000);
    assertArgumentError(() => svmFigurePanels([], { title: "t" }), "solutions", "svmFigurePanels");
    const other = solveSvmCSweep(twoGaussians(40, 3), [1]).solutions[0];
    assertArgumentError(() => svmFigurePanels([sweep.solutions[0], other], { title: "t" }), "solutions", "svmFigurePanels");
  });

  test("svmTradeoffChartSpec: four quantities per row, ticks at the powers of ten", async () => {
    const spec = svmTradeoffChartSpec(sweep.rows, { title: "t" }) as unknown as { data: { values: { C: number; quantity: string; value: number }[] }; spec: { encoding: { x: { axis: { values: number[] } } } } };
    assert.equal(spec.data.values.length, 4 * sweep.rows.length);
    const width = spec.data.values.filter((v) => v.quantity === "margin width 2/||w||").map((v) => v.value);
    assert.deepEqual(width, sweep.rows.map((r) => r.margin_width));
    assert.deepEqual(spec.spec.encoding.x.axis.values, [0.1, 1, 10, 100]);
    assert.ok((await renderChart(spec as never)).png.length > 1000);
    assertArgumentError(() => svmTradeoffChartSpec([], { title: "t" }), "rows", "svmTradeoffChartSpec");
    assertArgumentError(() => svmTradeoffChartSpec([{ ...sweep.rows[0], sum_slack: NaN }], { title: "t" }), "rows[0].sum_slack", "svmTradeoffChartSpec");
  });

  test("svmTradeoffText: directions and the net split come from the numbers", () => {
    const row = (C: number, w: number, v: number, m: number) => ({ C, margin_width: w, inside_or_misclassified: v, misclassified: m });
    const text = (a: ReturnType<typeof row>, b: ReturnType<typeof row>, n = 80) => {
      const t = svmTradeoffText(a, b, n, { check: "c" });
      return renderMarkdown(t.template, t.values, { metrics: {}, checks: [{ name: "c", passed: true }] });
    };
    const rise = text(row(0.1, 2.15, 30, 8), row(100, 1.47, 17, 9));
    assert.match(rise, /margin narrows \(2\.15 → 1\.47\)/);
    assert.match(rise, /fall \(30 → 17 of 80; ✓ `c`\)/);
    assert.match(rise, /misclassified points rise \(8 → 9\): net, the 13 fewer violations are 14 fewer correctly classified points inside the margin and 1 more misclassified point\./);
    assert.match(rise, /fewer violations and more errors/);
    // the full-mode numbers: both fall, the errors by far less
    const fall = text(row(0.01, 3, 212, 56), row(100, 1.3, 121, 52), 400);
    assert.match(fall, /misclassified points fall \(56 → 52\): net, the 91 fewer violations are 87 fewer correctly classified points inside the margin and 4 fewer misclassified points/);
    assert.match(fall, /errors fall too, but by less than the violations/);
    assert.doesNotMatch(fall, /but the misclassified points fall/);
    assert.match(text(row(1, 2, 10, 3), row(2, 2, 10, 3)), /margin stays .* violations \(points .*\) stay .*does not show the trade-off/);
    assertArgumentError(() => svmTradeoffText(row(2, 1, 3, 1), row(1, 1, 3, 1), 10), "large.C", "svmTradeoffText");
    assertArgumentError(() => svmTradeoffText(row(1, 1, 3, 4), row(2, 1, 3, 1), 10), "small.misclassified", "svmTradeoffText");
    assertArgumentError(() => svmTradeoffText(row(1, 1, 3.5, 1), row(2, 1, 3, 1), 10), "small.inside_or_misclassified", "svmTradeoffText");
  });

  test("cvAccuracyChartSpec: mean ± SE per model and set, the models drawn apart along C", async () => {
    const iris = irisTwoClass();
    const Cs = [0.01, 1];
    const lin = crossValidateSvm(iris, Cs, 3, 1), rbf = crossValidateSvm(iris, Cs, 3, 1, { kernel: rbfKernel(0.5) });
    const spec = cvAccuracyChartSpec([{ label: "linear", scores: lin.scores }, { label: "RBF", scores: rbf.scores }],
      { title: "t", offset: 0.1 }) as unknown as { data: { values: { C: number; x: number; model: string; set: string; mean: number; lo: number; hi: number }[] } };
    const v = spec.data.values;
    assert.equal(v.length, 2 * 2 * 2);
    const at = (model: string, set: string, C: number) => v.find((r) => r.model === model && r.set === set && r.C === C)!;
    const s = lin.scores[1].test;
    const p = at("linear", CV_ACCURACY_SETS[0], 1);
    assert.equal(p.mean, s.mean);
    assert.equal(p.lo, s.mean - s.se);
    assert.equal(p.hi, Math.min(1, s.mean + s.se));
    assert.ok(Math.abs(Math.log10(p.x) + 0.05) < 1e-12 && Math.abs(Math.log10(at("RBF", CV_ACCURACY_SETS[1], 1).x) - 0.05) < 1e-12);
    assert.ok((await renderChart(spec as never)).png.length > 1000);
    assertArgumentError(() => cvAccuracyChartSpec([], { title: "t" }), "series", "cvAccuracyChartSpec");
    assertArgumentError(() => cvAccuracyChartSpec([{ label: "a", scores: lin.scores }, { label: "b", scores: lin.scores.slice(1) }], { title: "t" }), "series[1].scores", "cvAccuracyChartSpec");
  });

  test("formRelationChartSpec: the path and C₀ as a rule", async () => {
    const path = lectureCAlongStandardPath(d, [1e-3, 1]);
    const spec = formRelationChartSpec(path, normFormThreshold(d), { title: "t" });
    assert.deepEqual(layerValues(spec, 0), path);
    assert.deepEqual(layerValues(spec, 1), [{ C: normFormThreshold(d) }]);
    assert.ok((await renderChart(spec)).png.length > 1000);
    assertArgumentError(() => formRelationChartSpec([], 1, { title: "t" }), "path", "formRelationChartSpec");
    assertArgumentError(() => formRelationChartSpec(path, 0, { title: "t" }), "C0", "formRelationChartSpec");
  });
});
