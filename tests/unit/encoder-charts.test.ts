/**
 * Notebook 04's chart and text helpers: presentSeriesColour (a legend lists only the series drawn),
 * encoderLkChartSpec, encoderGapChartSpec (left-out series and series with no points get no legend entry)
 * and diagnoseGapEstimators / gapDiagnosisText (which estimate of the k = 1 gap fails, from the numbers).
 * Expected values are computed here from the inputs.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { diagnoseGapEstimators, encoderGapChartSpec, encoderLkChartSpec, gapDiagnosisText, presentSeriesColour,
         renderChart, SERIES_PALETTE } from "elbolab";
import { assertArgumentError } from "./setup";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = any;
const order = ["q exact", "q wide", "q narrow", "q mean-field"];
const ks = [1, 10, 100];
/** The legend's labels as the rendered SVG shows them. */
async function legendLabels(spec: Spec): Promise<string[]> {
  const { svg } = await renderChart(spec);
  return [...svg.matchAll(/class="mark-text role-legend-label"[^>]*><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}
const colourScales = (spec: Spec) => spec.layer.filter((l: Spec) => l.encoding?.color).map((l: Spec) => l.encoding.color.scale);

describe("presentSeriesColour", () => {
  test("the domain holds only the series present, each with the colour of its position in the order", () => {
    const s = presentSeriesColour(["q narrow", "q wide", "q narrow"], order);
    assert.deepEqual(s.domain, ["q wide", "q narrow"]);
    assert.deepEqual(s.range, [SERIES_PALETTE[1], SERIES_PALETTE[2]]);
    assert.deepEqual(presentSeriesColour([], order), { domain: [], range: [] });
  });
  test("bad input names the argument and the function", () => {
    assertArgumentError(() => presentSeriesColour(["q other"], order), "present", "presentSeriesColour");
    assertArgumentError(() => presentSeriesColour([], []), "order", "presentSeriesColour");
    assertArgumentError(() => presentSeriesColour([], ["a", "a"]), "order", "presentSeriesColour");
  });
});

const gapPoints = order.slice(1).flatMap((encoder, e) => ks.map((k) => ({
  encoder, k, gap: { mean: (e + 1) / (10 * k), se: (e + 1) / (1000 * k) }, predicted: e === 2 ? Infinity : (e + 1) / (8 * k) })));
const exactKl = order.slice(1).map((encoder, e) => ({ encoder, kl: (e + 1) / 9 }));

describe("encoderGapChartSpec", () => {
  test("an encoder with no points (the exact posterior) gets no legend entry; colours keep their position", async () => {
    const spec: Spec = encoderGapChartSpec(gapPoints, { model: "m", rows: 100, order, exact: exactKl });
    for (const scale of colourScales(spec)) {
      assert.deepEqual(scale.domain, order.slice(1));
      assert.deepEqual(scale.range, [1, 2, 3].map((i) => SERIES_PALETTE[i]));
    }
    assert.deepEqual(await legendLabels(spec), order.slice(1));
    assert.deepEqual(spec.layer[4].data.values.map((v: Spec) => v.encoder),
                     gapPoints.filter((p) => Number.isFinite(p.predicted)).map((p) => p.encoder), "no line for Var(w) = ∞");
  });

  test("a left-out encoder is not drawn, does not set the floor, has no legend entry, and the subtitle says why", async () => {
    const tiny = gapPoints.map((p) => (p.encoder === "q mean-field" ? { ...p, gap: { mean: 1e-9, se: 1e-6 } } : p));
    const spec: Spec = encoderGapChartSpec(tiny, { model: "m", rows: 100, order, exact: exactKl,
                                                  leftOut: [{ encoder: "q mean-field", why: "k = 1 gap 4 SE off" }] });
    const drawn = spec.layer.flatMap((l: Spec) => l.data.values.map((v: Spec) => v.encoder));
    assert.ok(drawn.length > 0 && !drawn.includes("q mean-field"));
    for (const scale of colourScales(spec)) assert.deepEqual(scale.domain, ["q wide", "q narrow"]);
    assert.deepEqual(await legendLabels(spec), ["q wide", "q narrow"]);
    const floor = Math.min(...gapPoints.filter((p) => p.encoder !== "q mean-field").map((p) => p.gap.mean)) / 10;
    assert.equal(Math.min(...spec.layer[3].data.values.map((v: Spec) => v.lo)) >= floor, true);
    assert.match(spec.title.subtitle.join(" "), /left out: q mean-field \(k = 1 gap 4 SE off\)/);
  });

  test("resolved, open and non-positive points from the numbers; a gap ≤ 0 sits at the floor", () => {
    const pts = [{ encoder: "q wide", k: 1, gap: { mean: 0.1, se: 0.01 } }, { encoder: "q wide", k: 10, gap: { mean: 0.02, se: 0.01 } },
                 { encoder: "q wide", k: 100, gap: { mean: -0.001, se: 0.01 } }];
    const spec: Spec = encoderGapChartSpec(pts, { model: "m", rows: 10, order, exact: [] });
    assert.deepEqual(spec.layer[0].data.values.map((v: Spec) => v.k), [1]);
    assert.deepEqual(spec.layer[1].data.values.map((v: Spec) => v.k), [10]);
    assert.deepEqual(spec.layer[2].data.values.map((v: Spec) => [v.k, v.gap]), [[100, 0.02 / 10]]);
  });

  test("bad input names the argument and encoderGapChartSpec", () => {
    const o = { model: "m", rows: 10, order, exact: exactKl };
    assertArgumentError(() => encoderGapChartSpec([], o), "points", "encoderGapChartSpec");
    assertArgumentError(() => encoderGapChartSpec([{ ...gapPoints[0], encoder: "q other" }], o), "points[0].encoder", "encoderGapChartSpec");
    assertArgumentError(() => encoderGapChartSpec([{ ...gapPoints[0], gap: { mean: NaN, se: 0 } }], o), "points[0].gap.mean", "encoderGapChartSpec");
    assertArgumentError(() => encoderGapChartSpec([{ ...gapPoints[0], predicted: NaN }], o), "points[0].predicted", "encoderGapChartSpec");
    assertArgumentError(() => encoderGapChartSpec([{ ...gapPoints[0], gap: { mean: -1, se: 0.1 } }], o), "points", "encoderGapChartSpec");
    assertArgumentError(() => encoderGapChartSpec(gapPoints, { ...o, leftOut: [{ encoder: "q wide", why: "" }] }),
                        "options.leftOut[0].why", "encoderGapChartSpec");
  });
});

describe("encoderLkChartSpec", () => {
  const lk = order.flatMap((encoder, e) => ks.map((k) => ({ encoder, k, bound: { mean: -5 - e / k, se: 0.01 } })));
  test("every encoder drawn is in the legend, a left-out one is not; bars are ±2 SE of the plain mean", async () => {
    const spec: Spec = encoderLkChartSpec(lk, { model: "m", logp: -5, rows: 100, order,
                                               leftOut: [{ encoder: "q narrow", why: "draws fail" }] });
    const kept = order.filter((o) => o !== "q narrow");
    assert.deepEqual(await legendLabels(spec), kept);
    const v = spec.layer[1].data.values;
    assert.ok(!v.some((r: Spec) => r.encoder === "q narrow"));
    const src = lk.filter((p) => p.encoder !== "q narrow");
    assert.deepEqual(v.map((r: Spec) => [r.lo, r.hi]), src.map((p) => [p.bound.mean - 0.02, p.bound.mean + 0.02]));
    assert.deepEqual(spec.layer[2].data.values.map((r: Spec) => r.L_k), [-5]);
  });
  test("an exact posterior's series, which lies on the dashed log p(E), is drawn again as rings on top of it", async () => {
    const spec: Spec = encoderLkChartSpec(lk, { model: "m", logp: -5, rows: 100, order, onRule: ["q exact"] });
    assert.equal(spec.layer.length, 4);
    assert.ok(spec.layer.findIndex((l: Spec) => l.mark?.type === "rule") < 3, "the rings come after the rule");
    assert.deepEqual([...new Set(spec.layer[3].data.values.map((r: Spec) => r.encoder))], ["q exact"]);
    assert.equal(spec.layer[3].mark.filled, false);
    assert.match(JSON.stringify(spec.title.subtitle), /rings on the dashed line: q exact/);
    assert.deepEqual(await legendLabels(spec), order, "no extra legend entry for the rings");
    assert.equal((encoderLkChartSpec(lk, { model: "m", logp: -5, rows: 100, order }) as Spec).layer.length, 3);
    assertArgumentError(() => encoderLkChartSpec(lk, { model: "m", logp: -5, rows: 100, order, onRule: ["nope"] }),
                        "options.onRule", "encoderLkChartSpec");
  });
  test("bad input names the argument and encoderLkChartSpec", () => {
    const o = { model: "m", logp: -5, rows: 10, order };
    assertArgumentError(() => encoderLkChartSpec([], o), "points", "encoderLkChartSpec");
    assertArgumentError(() => encoderLkChartSpec([{ ...lk[0], bound: { mean: 1, se: -1 } }], o), "points[0].bound.se", "encoderLkChartSpec");
    assertArgumentError(() => encoderLkChartSpec(lk, { ...o, logp: NaN }), "options.logp", "encoderLkChartSpec");
    assertArgumentError(() => encoderLkChartSpec(lk.slice(0, 1), { ...o, leftOut: [{ encoder: "q exact", why: "x" }] }),
                        "options.leftOut", "encoderLkChartSpec");
  });
});

describe("diagnoseGapEstimators and gapDiagnosisText", () => {
  const exact = 0.00145;
  test("the verdict follows from the two z scores", () => {
    const plainOk = { mean: exact + 1.4 * 0.0019, se: 0.0019 }, cvOff = { mean: exact - 3.8 * 0.00047, se: 0.00047 };
    const d = diagnoseGapEstimators({ plain: plainOk, controlVariate: cvOff, exact });
    assert.ok(Math.abs(d.zPlain - 1.4) < 1e-9 && Math.abs(d.zControlVariate + 3.8) < 1e-9);
    assert.equal(d.verdict, "control variate fails");
    const plainOff = { mean: exact + 3.5 * 0.0019, se: 0.0019 };
    assert.equal(diagnoseGapEstimators({ plain: plainOff, controlVariate: cvOff, exact }).verdict, "draws fail");
    assert.equal(diagnoseGapEstimators({ plain: plainOff, controlVariate: plainOk, exact }).verdict, "plain mean fails");
    assert.equal(diagnoseGapEstimators({ plain: plainOk, controlVariate: plainOk, exact }).verdict, "both agree");
    assert.equal(diagnoseGapEstimators({ plain: plainOk, controlVariate: cvOff, exact }, 4).verdict, "both agree");
    assert.equal(diagnoseGapEstimators({ plain: { mean: exact, se: 0 }, controlVariate: { mean: 0, se: 0 }, exact }).verdict,
                 "control variate fails", "an SE of 0 agrees only with an exact match");
  });
  test("the sentence names each estimator with its number and states the verdict of its branch", () => {
    const plain = { mean: 0.00095, se: 0.00052 }, cv = { mean: 0.0001, se: 0.00001 };
    const d = diagnoseGapEstimators({ plain, controlVariate: cv, exact });
    const t = gapDiagnosisText("discrete meanField", d, { beta: 0.97, drawnRelVar: 0.008, exactRelVar: 0.055 });
    assert.match(t, /\*\*plain mean\*\* gives .* = 0\.00095 ± 0\.00052 \(SE\), 1\.0 SE below it/);
    assert.match(t, /\*\*control variate\*\* gives 0\.000100 ± 0\.000010, 135\.0 SE below it/);
    assert.match(t, /^For discrete meanField at \$k = 1\$ the exact .* is 0\.00145;/);
    assert.match(t, /the draws suffice for the plain mean; the control variate fails\*\* \(β = 0\.97, fitted on the same draws\)/);
    assert.match(t, /behind \$L_1\$ is 0\.00800 against the exact 0\.0550, so the rare states/);
    const both = gapDiagnosisText("q", diagnoseGapEstimators({ plain: { mean: 0.01, se: 0.001 }, controlVariate: cv, exact }));
    assert.match(both, /\*\*the draws fail\*\*/);
    assert.doesNotMatch(both, /control variate fails/);
  });
  test("bad input names the argument and the function", () => {
    assertArgumentError(() => diagnoseGapEstimators({ plain: { mean: NaN, se: 1 }, controlVariate: { mean: 0, se: 1 }, exact }),
                        "input.plain.mean", "diagnoseGapEstimators");
    assertArgumentError(() => diagnoseGapEstimators({ plain: { mean: 0, se: 1 }, controlVariate: { mean: 0, se: -1 }, exact }),
                        "input.controlVariate.se", "diagnoseGapEstimators");
    assertArgumentError(() => diagnoseGapEstimators({ plain: { mean: 0, se: 1 }, controlVariate: { mean: 0, se: 1 }, exact }, 0),
                        "zMax", "diagnoseGapEstimators");
    assertArgumentError(() => gapDiagnosisText("", diagnoseGapEstimators({ plain: { mean: 0, se: 1 }, controlVariate: { mean: 0, se: 1 }, exact })),
                        "encoder", "gapDiagnosisText");
    assertArgumentError(() => gapDiagnosisText("q", {} as never), "d", "gapDiagnosisText");
  });
});
