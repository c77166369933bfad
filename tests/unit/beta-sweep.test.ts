/**
 * The β sweep's cross-evaluation, warm-start polishing, disentanglement over seeds and the two-sided chord
 * check: expected values computed here from the definitions, and each claim fed a run where it is false.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  betterModelForEachBeta, chordExcess, chordsWithinTheirBetas, crossEvaluateBetaSweep, disentanglementOverSeeds,
  distortionRateChords, migRisesWithBeta, polishBetaSweep, sweepModelsOptimalForTheirBeta, Random,
  disentanglementChart, renderChart, type ChartSpec, crossEvaluationRows,
} from "elbolab";
import * as vegaLite from "vega-lite";
import { assertArgumentError } from "./setup";

// per-item terms of an exact β-VAE family: rate R(β) = 4/β, distortion D(β) = 4 log β + c, so −dD/dR = β
// (D' = 4/β, R' = −4/β²); items add zero-mean noise of sd `noise`
function family(betas: number[], n: number, noise: number, seed: number) {
  const rng = new Random(seed);
  const e = Array.from({ length: n }, () => [rng.normal(), rng.normal()]);
  return betas.map((beta) => ({
    beta,
    kl: e.map(([a]) => 4 / beta + noise * a),
    reconstruction: e.map(([, b]) => -(4 * Math.log(beta) + 10) + noise * b),
  }));
}
const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
const se = (v: number[]) => { const m = mean(v); return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1) / v.length); };

describe("crossEvaluateBetaSweep / sweepModelsOptimalForTheirBeta", () => {
  const betas = [0.5, 1, 2, 4];
  test("cells are the definitions: F_β = rec − β kl, paired advantage over the own model", () => {
    const models = family(betas, 50, 0.3, 1);
    const cells = crossEvaluateBetaSweep(models);
    assert.equal(cells.length, 16);
    for (const c of cells) {
      const m = models.find((x) => x.beta === c.modelBeta)!, own = models.find((x) => x.beta === c.objectiveBeta)!;
      const f = m.reconstruction.map((r, t) => r - c.objectiveBeta * m.kl[t]);
      const d = f.map((x, t) => x - (own.reconstruction[t] - c.objectiveBeta * own.kl[t]));
      assert.ok(Math.abs(c.value - mean(f)) < 1e-12 && Math.abs(c.se - se(f)) < 1e-12);
      assert.ok(Math.abs(c.advantage - mean(d)) < 1e-12);
      if (m === own) assert.equal(c.advantageSe, 0);
      else assert.ok(Math.abs(c.advantageSe - se(d)) < 1e-12);
    }
  });
  test("an exact family is optimal for its β; no warm start wanted", () => {
    const cells = crossEvaluateBetaSweep(family(betas, 200, 0.3, 2));
    // F_β(β') = −4 log β' − 10 − 4β/β' is maximal at β' = β: every advantage is negative
    assert.ok(cells.filter((c) => c.modelBeta !== c.objectiveBeta).every((c) => c.advantage < 0));
    assert.equal(sweepModelsOptimalForTheirBeta(cells).passed, true);
    assert.deepEqual(betterModelForEachBeta(cells), []);
  });
  test("fails when a model is beaten on its own objective (the β = 1 model worsened by 1 nat, more than the 0.77 nats by which the β = 2 model trails it on F_1)", () => {
    const models = family(betas, 200, 0.3, 3);
    models[1].reconstruction = models[1].reconstruction.map((r) => r - 1);
    const cells = crossEvaluateBetaSweep(models);
    const v = sweepModelsOptimalForTheirBeta(cells);
    assert.equal(v.passed, false);
    assert.match(v.detail, /on F_1 the β = (0.5|2) model/);
    // a multiplier found by search is printed to 4 decimals
    const searched = cells.map((c) => ({ ...c, objectiveBeta: c.objectiveBeta === 1 ? 15.894749176501522 : c.objectiveBeta,
                                         modelBeta: c.modelBeta === 1 ? 15.894749176501522 : c.modelBeta }));
    assert.match(sweepModelsOptimalForTheirBeta(searched).detail, /F_15\.8947 /);
    assert.doesNotMatch(sweepModelsOptimalForTheirBeta(searched).detail, /15\.89474/);
    assert.deepEqual(betterModelForEachBeta(cells).map((w) => w.beta), [1]);
  });
  test("table rows: own F_β ± SE and each model's advantage ± SE, 'own' on the diagonal", () => {
    const cells = crossEvaluateBetaSweep(family(betas, 30, 0.3, 7));
    const rows = crossEvaluationRows(cells, 2);
    assert.equal(rows.length, 4);
    const c = cells.find((x) => x.objectiveBeta === 2 && x.modelBeta === 0.5)!;
    assert.equal(rows[2]["model β = 0.5"], `${c.advantage.toFixed(2)} ± ${c.advantageSe.toFixed(2)}`);
    assert.equal(rows[2]["model β = 2"], "own");
    assertArgumentError(() => crossEvaluationRows([]), "cells", "crossEvaluationRows");
  });
  test("bad inputs", () => {
    const m = family(betas, 10, 0.3, 4);
    assertArgumentError(() => crossEvaluateBetaSweep([m[0]]), "models", "crossEvaluateBetaSweep");
    assertArgumentError(() => crossEvaluateBetaSweep([m[0], { ...m[1], beta: 0.5 }]), "models", "crossEvaluateBetaSweep");
    assertArgumentError(() => crossEvaluateBetaSweep([m[0], { ...m[1], kl: [1] }]), "models[1]", "crossEvaluateBetaSweep");
    assertArgumentError(() => crossEvaluateBetaSweep([m[0], { ...m[1], kl: m[1].kl.map(() => NaN) }]), "models[1].kl", "crossEvaluateBetaSweep");
    assertArgumentError(() => crossEvaluateBetaSweep([m[0], { ...m[1], beta: -1 }]), "models[1].beta", "crossEvaluateBetaSweep");
    assertArgumentError(() => sweepModelsOptimalForTheirBeta(crossEvaluateBetaSweep(m), 0), "z", "sweepModelsOptimalForTheirBeta");
    assertArgumentError(() => sweepModelsOptimalForTheirBeta([]), "cells", "sweepModelsOptimalForTheirBeta");
  });
});

describe("polishBetaSweep", () => {
  // a "model" is the β it behaves like; retraining at β from any start gives the exact model at β
  const items = family([0.5, 1, 2, 4, 3], 100, 0.2, 5);
  const terms = (b: number) => items.find((x) => x.beta === b)!;
  test("every β trained further from its best start each round; a better one replaces the own model", async () => {
    const disposed: number[] = [];
    const asked: { from: number; beta: number }[] = [];
    const r = await polishBetaSweep([0.5, 3, 2, 4], {
      betas: [0.5, 1, 2, 4], rounds: 3, evaluate: terms, dispose: (m) => disposed.push(m),
      retrain: async (reqs) => { asked.push(...reqs); return reqs.map((q) => q.beta); },
    });
    assert.deepEqual(r.models, [0.5, 1, 2, 4]);
    assert.deepEqual(r.replaced, [3]);
    // round 1: F_1 is highest for the β = 2 model (−4 ln 2 − 10 − 2 > −4 ln 3 − 10 − 4/3); the rest start from their own
    assert.deepEqual(asked.slice(0, 4), [{ from: 0.5, beta: 0.5 }, { from: 2, beta: 1 }, { from: 2, beta: 2 }, { from: 4, beta: 4 }]);
    assert.deepEqual(asked.slice(4, 8).map((q) => q.from), [0.5, 1, 2, 4], "round 2: every model is its own best start");
    assert.equal(r.steps.length, 12, "exactly `rounds` rounds of one warm start per β");
    const kept = r.steps.filter((s) => s.kept);
    assert.equal(kept.length, 1);
    assert.deepEqual([kept[0].round, kept[0].beta, kept[0].from], [1, 1, 2]);
    assert.ok(kept[0].candidate > kept[0].before);
    assert.equal(disposed.length, 11, "every warm start not kept is disposed; the caller's replaced model is not");
  });
  test("drops warm starts that are no better (disposed) and stops after `rounds`", async () => {
    const disposed: number[] = [];
    const r = await polishBetaSweep([0.5, 3, 2, 4], {
      betas: [0.5, 1, 2, 4], rounds: 2, evaluate: terms, dispose: (m) => disposed.push(m),
      retrain: async (reqs) => reqs.map(() => 3),
    });
    assert.deepEqual(r.models, [0.5, 3, 2, 4]);
    assert.equal(r.steps.length, 8);
    assert.ok(r.steps.every((s) => !s.kept));
    assert.deepEqual(disposed, Array(8).fill(3));
    assert.deepEqual(r.replaced, []);
  });
  test("bad inputs", async () => {
    const o = { betas: [1, 2], rounds: 1, evaluate: terms, dispose: () => {}, retrain: async () => [] as number[] };
    await assert.rejects(polishBetaSweep([1], o), /'models'.*polishBetaSweep/);
    await assert.rejects(polishBetaSweep([1, 2], { ...o, betas: [1] }), /'options.betas'.*polishBetaSweep/);
    await assert.rejects(polishBetaSweep([1, 2], { ...o, rounds: -1 }), /'options.rounds'.*polishBetaSweep/);
    await assert.rejects(polishBetaSweep([1, 2], { ...o, evaluate: null as never }), /'options.evaluate'.*polishBetaSweep/);
    await assert.rejects(polishBetaSweep([3, 2], { ...o, betas: [1, 2], evaluate: (b: number) => terms(b === 2 ? 2 : 3) }),
      /'options.retrain'.*polishBetaSweep/);
  });
});

describe("disentanglementOverSeeds / migRisesWithBeta", () => {
  const runs = (mig: (beta: number, seed: number) => number) => [1, 2, 4].flatMap((beta) =>
    [0, 1, 2].map((seed) => ({ beta, seed, mig: mig(beta, seed), tc: 1 / beta + 0.1 * seed, kl: 10 / beta })));
  test("mean ± SE over seeds per β, from the definitions", () => {
    const r = runs((b, s) => 0.1 * b + 0.01 * s);
    const out = disentanglementOverSeeds(r);
    assert.deepEqual(out.map((o) => o.beta), [1, 2, 4]);
    for (const o of out) {
      const at = r.filter((x) => x.beta === o.beta);
      assert.ok(Math.abs(o.mig.mean - mean(at.map((x) => x.mig))) < 1e-12);
      assert.ok(Math.abs(o.mig.se - se(at.map((x) => x.mig))) < 1e-12);
      assert.ok(Math.abs(o.tc.se - se(at.map((x) => x.tc))) < 1e-12);
      assert.ok(Math.abs(o.tcPerKl.mean - mean(at.map((x) => x.tc / x.kl))) < 1e-12);
    }
  });
  test("holds when MIG rises by more than 2 SE of the paired difference", () => {
    const v = migRisesWithBeta(runs((b, s) => 0.1 * Math.log2(b) + 0.01 * s + 0.001 * s * s * b));
    assert.equal(v.passed, true);
    assert.equal(v.bestBeta, 4);
  });
  test("fails on a run where MIG does not rise (flat up to seed noise) and where it falls", () => {
    const noise = [0.03, -0.02, 0.01, -0.04, 0.02, 0.0, 0.01, -0.01, 0.02];
    const flat = migRisesWithBeta(runs((b, s) => 0.2 + noise[3 * Math.log2(b) + s]));
    assert.equal(flat.passed, false);
    assert.match(flat.detail, /not more than 2 SE/);
    assert.equal(migRisesWithBeta(runs((b, s) => 0.5 / b + 0.01 * s * b)).passed, false);
  });
  test("bad inputs", () => {
    const r = runs(() => 0.1);
    assertArgumentError(() => disentanglementOverSeeds([]), "runs", "disentanglementOverSeeds");
    assertArgumentError(() => disentanglementOverSeeds([...r, r[0]]), "runs", "disentanglementOverSeeds");
    assertArgumentError(() => disentanglementOverSeeds(r.slice(0, 1)), "runs", "disentanglementOverSeeds");
    assertArgumentError(() => disentanglementOverSeeds([{ ...r[0], mig: NaN }]), "runs[0].mig", "disentanglementOverSeeds");
    assertArgumentError(() => migRisesWithBeta(r.filter((x) => x.beta > 1)), "runs", "migRisesWithBeta");
    assertArgumentError(() => migRisesWithBeta(r.filter((x) => !(x.beta === 4 && x.seed === 0)).map((x) =>
      (x.beta === 4 ? { ...x, mig: 1 } : x))), "runs", "migRisesWithBeta");
    assertArgumentError(() => migRisesWithBeta(r, 0), "z", "migRisesWithBeta");
  });
});

describe("chordsWithinTheirBetas (two-sided)", () => {
  test("an exact family passes; a chord above its upper β fails, as does one below its lower β", () => {
    assert.equal(chordsWithinTheirBetas(distortionRateChords(family([1, 2, 4, 8], 400, 0.05, 6)
      .map((m) => ({ beta: m.beta, rates: m.kl, distortions: m.reconstruction.map((r) => -r) })))).passed, true);
    const base = { betaLow: 3.82, betaHigh: 4, se: 0.25, bracketed: false, violation: null };
    const above = chordsWithinTheirBetas([{ ...base, slope: 5.94 }]);
    assert.equal(above.passed, false);
    assert.match(above.detail, /7\.8 SE above β high/);
    assert.ok(Math.abs(chordExcess({ ...base, slope: 5.94 }) - (5.94 - 4) / 0.25) < 1e-12);
    const below = chordsWithinTheirBetas([{ ...base, slope: 3 }]);
    assert.equal(below.passed, false);
    assert.match(below.detail, /below β low/);
    assert.equal(chordsWithinTheirBetas([{ ...base, slope: 4.5 }]).passed, true, "2 SE above: within 3 SE");
  });
  test("an unordered chord (rate rose with β) fails whatever its slope", () => {
    const v = chordsWithinTheirBetas([{ betaLow: 1, betaHigh: 2, slope: 1.5, se: 0.1, bracketed: false, violation: "the mean rate rose" }]);
    assert.equal(v.passed, false);
    assert.match(v.detail, /the mean rate rose/);
  });
  test("bad inputs", () => {
    const c = { betaLow: 1, betaHigh: 2, slope: 1.5, se: 0.1, bracketed: true, violation: null };
    assertArgumentError(() => chordsWithinTheirBetas([]), "chords", "chordsWithinTheirBetas");
    assertArgumentError(() => chordsWithinTheirBetas([{ ...c, slope: NaN }]), "chords[0].slope", "chordsWithinTheirBetas");
    assertArgumentError(() => chordsWithinTheirBetas([{ ...c, betaLow: 3 }]), "chords[0]", "chordsWithinTheirBetas");
    assertArgumentError(() => chordsWithinTheirBetas([c], -1), "z", "chordsWithinTheirBetas");
  });
});

describe("disentanglementChart", () => {
  const runs = [1, 2, 4].flatMap((beta) => [0, 1, 2].map((seed) => ({ beta, seed, mig: 0.1 * beta + 0.01 * seed, tc: 1, kl: 2 * beta })));
  test("means ± 2 SE and every seed's point, and the spec renders headless", async () => {
    const summary = disentanglementOverSeeds(runs);
    const spec = disentanglementChart(summary, runs, "t") as unknown as
      { hconcat: { title: string; layer: { data: { values: Record<string, unknown>[] } }[] }[] };
    assert.deepEqual(spec.hconcat.map((p) => p.title), ["MIG", "TC / KL"]);
    const [seedPoints, bars] = spec.hconcat[0].layer.map((l) => l.data.values);
    assert.equal(bars.length, 3);
    const m2 = bars.find((v) => v.beta === 2)!;
    const at = runs.filter((r) => r.beta === 2).map((r) => r.mig);
    assert.ok(Math.abs((m2.mean as number) - mean(at)) < 1e-12);
    assert.ok(Math.abs((m2.hi as number) - (mean(at) + 2 * se(at))) < 1e-12);
    assert.equal(seedPoints.length, runs.length);
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => { warnings.push(a); };
    try {
      const png = await renderChart(spec as unknown as ChartSpec);
      assert.ok(png.svg.includes("<svg"));
    } finally { console.warn = warn; }
    assert.deepEqual(warnings, [], "vega-lite compiles the spec without warnings");
  });
  test("each panel's y axis has one title, not the layers' titles and field names joined", () => {
    const spec = disentanglementChart(disentanglementOverSeeds(runs), runs, "t");
    const compiled = JSON.stringify(vegaLite.compile(spec as unknown as vegaLite.TopLevelSpec).spec);
    const titles = [...compiled.matchAll(/"title":"([^"]*over seeds[^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(titles)].sort(), ["MIG (mean ± 2 SE over seeds)", "TC / KL (mean ± 2 SE over seeds)"]);
    assert.ok(compiled.includes("grey: each of the ≥ 3 seeds"), "the subtitle says what the grey points are");
  });
  test("bad inputs", () => {
    assertArgumentError(() => disentanglementChart([], runs, "t"), "summary", "disentanglementChart");
    assertArgumentError(() => disentanglementChart(disentanglementOverSeeds(runs), [{ ...runs[0], beta: 3 }], "t"), "runs", "disentanglementChart");
  });
});
