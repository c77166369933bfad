/**
 * The chart and text helpers the notebooks' cells call (snrChartSpec, trainingGapChartSpec,
 * averagingChartSpec, kGapChartSpec, rankText, snrSlopeAboveNoiseFloor): what they draw is computed
 * here from the inputs, and each renders headless.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { snrChartSpec, trainingGapChartSpec, averagingChartSpec, kGapChartSpec, rankText, renderChart,
         snrSlopeAboveNoiseFloor, snrStandardError, Random } from "elbolab";
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
    assert.deepEqual(layerValues(kGapChartSpec(pts, { relativeVariance: Infinity, klAtK1: 0.035, rows: 10 }), 2), []);
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
