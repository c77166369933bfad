/**
 * Every claim of the notebooks, fed a run where it is false (and one where it holds): its decision
 * function must fail on the first and pass on the second. The inputs are made up here to be false in the
 * way the claim could be refuted; none is copied from a run. The last tests make sure every
 * `claim("name", ...)` in notebooks/ has its entry below, and every entry names a claim that exists.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  withinStandardErrors, allWithinStandardErrors, exceedsByStandardErrors, notAboveByStandardErrors,
  zScoresWithin, zScoresAllExceed, beatsChance, slopeAgrees, slopeHasSign, slopeComparison, nonIncreasing,
  strictlyDecreasing, risesWithPairedSteps, nonIncreasingWithin, equalWithin, allAtMost, smallCWiderMarginMoreViolations,
  chordsBracketMultipliers, deltaMethodHolds, followsDeltaMethod, snrAboveNoiseFloor, resolvedSlopeAgrees, fittedKRange, explainedByExactStandardError,
  describeResolvedSlope, type Verdict, chordsWithinTheirBetas, sweepModelsOptimalForTheirBeta,
  crossEvaluateBetaSweep, migRisesWithBeta,
} from "elbolab";
import { assertArgumentError } from "./setup";

type Case = { holds: () => Verdict; refuted: () => Verdict };
const ms = (mean: number, se: number) => ({ mean, se });
// a noise-floor fit through resolved points k = 1, 2, 4 (k = 8 at the floor)
const rfit = (slope: number, se: number) => ({ slope, se, snr: [], used: [1, 2, 4], atFloor: [8] });

const chord = (betaLow: number, betaHigh: number, slope: number, se: number) =>
  ({ betaLow, betaHigh, slope, se, bracketed: true, violation: null });
// per-item terms of models at β = 0.5, 1, 2 with rate 4/β and distortion 4 log β + 10 (exact optima of
// D + βR); `worse` nats are taken off the β = 0.5 model's reconstruction
const sweepTerms = (worse: number) => [0.5, 1, 2].map((beta) => ({ beta,
  kl: [0, 1, 2, 3].map((t) => 4 / beta + 0.1 * t),
  reconstruction: [0, 1, 2, 3].map((t) => -(4 * Math.log(beta) + 10) + 0.1 * ((t * 3) % 4) - (beta === 0.5 ? worse : 0)) }));
// MIG at β = 1, 2, 4 for three seeds: the means per β plus a seed offset
const migRuns = (means: number[], offsets: number[]) => [1, 2, 4].flatMap((beta, b) =>
  offsets.map((o, seed) => ({ beta, seed, mig: means[b] + o * (b === 1 ? -1 : 1), tc: 1, kl: 1 })));

// one entry per claim name used in notebooks/ (a `${tag}` in a name is written as it appears there)
const claims: Record<string, Case> = {
  // 00
  normal_mean_within_4se: { holds: () => withinStandardErrors(0.003, 0, 0.007), refuted: () => withinStandardErrors(0.05, 0, 0.007) },
  // 01: a larger C narrows the margin and leaves fewer violations
  small_C_has_wider_margin_and_more_violations: {
    holds: () => smallCWiderMarginMoreViolations({ C: 0.01, marginWidth: 3, violations: 40 }, { C: 100, marginWidth: 1, violations: 5 }),
    refuted: () => smallCWiderMarginMoreViolations({ C: 0.01, marginWidth: 3, violations: 4 }, { C: 100, marginWidth: 1, violations: 5 }),
  },
  // each width known to ± its certified bound: a rise beyond the two bounds refutes, one within them does not
  margin_shrinks_as_C_grows: {
    holds: () => nonIncreasingWithin([4, 3, 3.001, 2.5, 1], [1e-3, 1e-3, 1e-3, 1e-3, 1e-3], "width"),
    refuted: () => nonIncreasingWithin([4, 3, 3.01, 2.5, 1], [1e-3, 1e-3, 1e-3, 1e-3, 1e-3], "width"),
  },
  norm_form_is_zero_below_C0: {
    holds: () => allAtMost([{ label: "C=0.1", value: 1e-9, limit: 1e-6 }], "||w*||"),
    refuted: () => allAtMost([{ label: "C=0.1", value: 1e-9, limit: 1e-6 }, { label: "C=0.5", value: 0.2, limit: 1e-6 }], "||w*||"),
  },
  iris_linear_svm_beats_chance: { holds: () => beatsChance(0.9, 30, 1 / 3), refuted: () => beatsChance(0.45, 30, 1 / 3) },
  // 02
  beta_is_distortion_rate_slope: {
    holds: () => chordsWithinTheirBetas([chord(1, 2, 1.6, 0.1), chord(2, 4, 4.2, 0.1)]),
    // the 3.82–4 chord of issue 18: 7.8 SE above its upper β (a one-sided check would pass it)
    refuted: () => chordsWithinTheirBetas([chord(1, 2, 1.6, 0.1), chord(3.82, 4, 5.94, 0.25)]),
  },
  sweep_models_optimal_for_their_beta: {
    holds: () => sweepModelsOptimalForTheirBeta(crossEvaluateBetaSweep(sweepTerms(0))),
    // the β = 1 model 0.6 nats better on F_0.5 than the β = 0.5 model (as in issue 18's full run)
    refuted: () => sweepModelsOptimalForTheirBeta(crossEvaluateBetaSweep(sweepTerms(2))),
  },
  mig_rises_with_beta: {
    holds: () => migRisesWithBeta(migRuns([0.1, 0.3, 0.2], [0.01, -0.01, 0.02])),
    refuted: () => migRisesWithBeta(migRuns([0.2, 0.21, 0.19], [0.05, -0.06, 0.04])),
  },
  kl_decreases_with_beta: { holds: () => strictlyDecreasing([9, 6, 4, 2], "KL"), refuted: () => strictlyDecreasing([9, 6, 6.5, 2], "KL") },
  tc_lower_at_large_beta: {
    holds: () => exceedsByStandardErrors(0.8, Math.hypot(0.05, 0.05), 4, "TC(1) − TC(β)"),
    refuted: () => exceedsByStandardErrors(0.1, Math.hypot(0.05, 0.05), 4, "TC(1) − TC(β)"),
  },
  // 03
  training_elbo_below_logp: { holds: () => notAboveByStandardErrors(-4.1, -4, 0.02), refuted: () => notAboveByStandardErrors(-3.8, -4, 0.02) },
  analytic_kl_form_matches: { holds: () => withinStandardErrors(-4.03, -4.036, 0.004), refuted: () => withinStandardErrors(-3.9, -4.036, 0.004) },
  expectation_form_matches: { holds: () => withinStandardErrors(-4.04, -4.036, 0.004), refuted: () => withinStandardErrors(-4.2, -4.036, 0.004) },
  reparameterised_form_matches: { holds: () => withinStandardErrors(-4.033, -4.036, 0.004), refuted: () => withinStandardErrors(-4.1, -4.036, 0.004) },
  mean_log_weights_matches: { holds: () => withinStandardErrors(-4.037, -4.036, 0.004), refuted: () => withinStandardErrors(-4.0, -4.036, 0.004) },
  averaging_does_not_tighten: {
    holds: () => allWithinStandardErrors([{ estimate: -4.04, expected: -4.036, se: 0.01 }, { estimate: -4.035, expected: -4.036, se: 0.002 }]),
    refuted: () => allWithinStandardErrors([{ estimate: -4.04, expected: -4.036, se: 0.01 }, { estimate: -4.01, expected: -4.036, se: 0.002 }]),
  },
  averaging_shrinks_sd_like_sqrt_k: {
    holds: () => withinStandardErrors(Math.log(0.045), -0.5 * Math.log(500), 0.05),
    refuted: () => withinStandardErrors(Math.log(0.3), -0.5 * Math.log(500), 0.05),
  },
  gap_rate_one_over_k: { holds: () => slopeAgrees({ slope: -0.98, se: 0.03 }, -1, "gap"), refuted: () => slopeAgrees({ slope: -0.6, se: 0.03 }, -1, "gap") },
  L_k_tightens: { holds: () => exceedsByStandardErrors(0.035, 0.0005, 4, "L_k − ELBO"), refuted: () => exceedsByStandardErrors(0.001, 0.0005, 4, "L_k − ELBO") },
  // 04
  // 04 full: CV 0.000129 ± 0.0000214 against KL 0.00145, −61.7 sample SE; an exact SE of 0.0005 explains it, 0.0001 does not
  unreliable_encoders_miss_the_tail: {
    holds: () => explainedByExactStandardError([{ label: "discrete meanField", estimate: 0.000129, exact: 0.00145,
                                                 sampleSe: 0.0000214, exactSe: 0.0005 }], "CV gap − KL"),
    refuted: () => explainedByExactStandardError([{ label: "discrete meanField", estimate: 0.000129, exact: 0.00145,
                                                    sampleSe: 0.0000214, exactSe: 0.0001 }], "CV gap − KL"),
  },
  delta_method_at_largest_k: {
    holds: () => deltaMethodHolds([{ encoder: "wide", gap: 0.0101, se: 0.0002, predicted: 0.01, next: 1e-5, tested: true },
                                   { encoder: "off", gap: 0.5, se: 0.001, predicted: 0.01, next: NaN, tested: false }], 1000),
    refuted: () => deltaMethodHolds([{ encoder: "wide", gap: 0.02, se: 0.0002, predicted: 0.01, next: 1e-5, tested: true }], 1000),
  },
  infinite_variance_slower_than_1_over_k: {
    holds: () => zScoresAllExceed([5.2, 8.1], 3, "rise of gap × k"),
    refuted: () => zScoresAllExceed([5.2, 1.1], 3, "rise of gap × k"),
  },
  // 06 (the protocol's stages)
  protocol_iwae50_beats_vae_every_stage: {
    holds: () => zScoresAllExceed([18.5, 9.1], 3, "IWAE k = 50 over the VAE"),
    refuted: () => zScoresAllExceed([18.5, 2.4], 3, "IWAE k = 50 over the VAE"),
  },
  // 05
  unbiased_for_grad_Lk: { holds: () => zScoresWithin([0.3, -1.2, 2.1], 4, "z"), refuted: () => zScoresWithin([0.3, -5.2, 2.1], 4, "z") },
  not_unbiased_for_grad_logp: { holds: () => zScoresAllExceed([30, 12, 8], 4, "z"), refuted: () => zScoresAllExceed([30, 12, 2], 4, "z") },
  dreg_unbiased: { holds: () => zScoresWithin([1.1, 0.2], 4, "z"), refuted: () => zScoresWithin([1.1, 6], 4, "z") },
  stl_unbiased_at_k1: { holds: () => zScoresWithin([0.7], 4, "z"), refuted: () => zScoresWithin([4.5], 4, "z") },
  stl_biased_for_k_above_1: { holds: () => zScoresAllExceed([9], 4, "z"), refuted: () => zScoresAllExceed([2], 4, "z") },
  snr_theta_grows: { holds: () => slopeHasSign({ slope: 0.5, se: 0.01 }, 1, "θ"), refuted: () => slopeHasSign({ slope: 0.01, se: 0.01 }, 1, "θ") },
  snr_phi_shrinks: { holds: () => slopeHasSign({ slope: -0.5, se: 0.1 }, -1, "φ"), refuted: () => slopeHasSign({ slope: 0.2, se: 0.1 }, -1, "φ") },
  snr_phi_dreg_grows: { holds: () => slopeHasSign({ slope: 0.4, se: 0.01 }, 1, "φ DReG"), refuted: () => slopeHasSign({ slope: -0.1, se: 0.01 }, 1, "φ DReG") },
  snr_theta_slope_half: { holds: () => resolvedSlopeAgrees(rfit(0.51, 0.01), 0.5, "θ"), refuted: () => resolvedSlopeAgrees(rfit(0.73, 0.004), 0.5, "θ") },
  snr_phi_slope_minus_half: { holds: () => resolvedSlopeAgrees(rfit(-0.6, 0.1), -0.5, "φ"), refuted: () => resolvedSlopeAgrees(rfit(-1.2, 0.1), -0.5, "φ") },
  snr_phi_dreg_slope_half: { holds: () => resolvedSlopeAgrees(rfit(0.49, 0.01), 0.5, "φ DReG"), refuted: () => resolvedSlopeAgrees(rfit(0.3, 0.01), 0.5, "φ DReG") },
  snr_theta_slope_half_upper_k: { holds: () => resolvedSlopeAgrees(rfit(0.52, 0.01), 0.5, "θ"), refuted: () => resolvedSlopeAgrees(rfit(0.6, 0.01), 0.5, "θ") },
  snr_phi_dreg_slope_half_upper_k: { holds: () => resolvedSlopeAgrees(rfit(0.52, 0.01), 0.5, "φ DReG"), refuted: () => resolvedSlopeAgrees(rfit(0.62, 0.01), 0.5, "φ DReG") },
  snr_phi_slope_minus_half_upper_k: { holds: () => resolvedSlopeAgrees(rfit(-0.45, 0.1), -0.5, "φ"), refuted: () => resolvedSlopeAgrees(rfit(0.2, 0.1), -0.5, "φ") },
  snr_theta_mean_still_growing: {
    holds: () => exceedsByStandardErrors(0.4, Math.hypot(0.02, 0.01), 3, "|E g(k max)| − |E g(1)|"),
    refuted: () => exceedsByStandardErrors(0.01, Math.hypot(0.02, 0.01), 3, "|E g(k max)| − |E g(1)|"),
  },
  // 06
  iwae50_beats_vae: { holds: () => exceedsByStandardErrors(1.2, 0.2, 3, "ΔL"), refuted: () => exceedsByStandardErrors(-0.3, 0.2, 3, "ΔL") },
  test_Lk_monotone: {
    holds: () => risesWithPairedSteps([ms(0.5, 0.01), ms(0.2, 0.01), ms(0.001, 0.002)], ms(0.7, 0.02), 3, "L_k"),
    refuted: () => risesWithPairedSteps([ms(0.5, 0.01), ms(-0.2, 0.01), ms(0.001, 0.002)], ms(0.3, 0.02), 3, "L_k"),
  },
};

describe("claims: each fails on a run where it is false", () => {
  for (const [name, c] of Object.entries(claims)) {
    test(name, () => {
      const refuted = c.refuted(), holds = c.holds();
      assert.equal(refuted.passed, false, `${name} passed on a run where it is false: ${refuted.detail}`);
      assert.notEqual(refuted.inconclusive, true, `${name}: the false run must refute the claim, not leave it undecided: ${refuted.detail}`);
      assert.equal(holds.passed, true, `${name} failed on a run where it holds: ${holds.detail}`);
      assert.ok(refuted.detail.length > 0 && holds.detail.length > 0);
    });
  }

  const dir = join(__dirname, "..", "..", "notebooks");
  const used = new Set(readdirSync(dir).filter((f) => f.endsWith(".ipynb")).flatMap((f) => {
    const nb = JSON.parse(readFileSync(join(dir, f), "utf8"));
    const src = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code")
      .map((c: { source: string | string[] }) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n");
    return [...src.matchAll(/\bclaim\(\s*["'`]([^"'`]+)["'`]/g)].map((m) => m[1]);
  }));

  test("every claim in notebooks/ has its case here", () => {
    assert.ok(used.size > 0, "no claim(...) found in notebooks/");
    const missing = [...used].filter((n) => !(n in claims));
    assert.deepEqual(missing, [], `claims without a test that feeds them a false run: ${missing.join(", ")}`);
  });

  test("every case here names a claim of a notebook", () => {
    const stale = Object.keys(claims).filter((n) => !used.has(n));
    assert.deepEqual(stale, [], `cases for claims no notebook makes: ${stale.join(", ")}`);
  });
});

describe("claim decision functions: details and bad input", () => {
  test("equalWithin and allAtMost decide both ways (03's and 04's identities use them as sanity checks)", () => {
    assert.equal(equalWithin(0.0351, 0.0351 + 1e-12, 1e-9, "gap − KL").passed, true);
    assert.equal(equalWithin(0.0351, 0.02, 1e-9, "gap − KL").passed, false);
    assert.equal(allAtMost([{ label: "k=1", value: 1e-6, limit: 1e-4 }], "|log p − L_k|").passed, true);
    assert.equal(allAtMost([{ label: "k=10", value: 0.01, limit: 1e-4 }], "|log p − L_k|").passed, false);
    // "closest" is the item using the largest share of its own limit, not the smallest absolute margin
    assert.match(allAtMost([{ label: "discrete k=1", value: 0, limit: 7.25e-5 }, { label: "LG k=1", value: 1.3e-6, limit: 8.65e-5 }],
                           "|log p − L_k|").detail, /closest: LG k=1, 0\.00000130 vs 0\.0000865/);
  });
  test("details state the numbers", () => {
    assert.equal(withinStandardErrors(1, 0, 0.1).detail, "|1.000000 - 0.000000| = 1.000e+0 vs 4 SE = 4.000e-1 (10.00 SE)");
    assert.equal(slopeComparison({ slope: 0.7, se: 0.01 }, 0.5), "steeper than 0.5 by 20.0 SE");
    assert.equal(slopeComparison({ slope: -0.3, se: 0.01 }, -0.5), "shallower than -0.5 by 20.0 SE");
    assert.equal(slopeComparison({ slope: 0.52, se: 0.01 }, 0.5), "within 3 SE of 0.5 (2.0 SE)");
    // a slope too noisy to tell the rate from 0 does not confirm it
    const noisy = slopeAgrees({ slope: -0.58, se: 0.5 }, -0.5, "φ");
    assert.equal(noisy.passed, false);
    assert.equal(noisy.inconclusive, true);
    assert.equal(slopeAgrees({ slope: -1.2, se: 0.1 }, -0.5, "φ").inconclusive, undefined, "a resolved slope far from the rate is refuted, not inconclusive");
    assert.match(noisy.detail, /too noisy to test: 3 SE = 1\.500 ≥ \|-0\.5\|/);
    assert.equal(followsDeltaMethod({ gap: 0.0103, se: 0.0001, predicted: 0.01, next: NaN }), true);
    assert.equal(followsDeltaMethod({ gap: 0.0104, se: 0.0001, predicted: 0.01, next: NaN }), false);
    assert.equal(followsDeltaMethod({ gap: 0.0104, se: 0.0001, predicted: 0.01, next: 2e-4 }), true);
  });

  test("a rate on fewer than 2 resolved points is inconclusive, and says why", () => {
    const one = { slope: Number.NaN, se: Number.NaN, snr: [0.3, 0.02], used: [1], atFloor: [32] };
    const v = resolvedSlopeAgrees(one, -0.5, "μ, k ≥ 16");
    assert.equal(v.passed, false);
    assert.equal(v.inconclusive, true);
    assert.equal(v.detail, "μ, k ≥ 16: not measurable: 1 point above the noise floor (k = 1; at the floor: k = 32)");
    assert.equal(describeResolvedSlope(rfit(0.548, 0.008), 0.5), "0.548 ± 0.008 (steeper than 0.5 by 6.0 SE)");
    assert.equal(describeResolvedSlope(rfit(-0.583, 0.504), -0.5), "-0.583 ± 0.504 (too noisy to tell -0.5 from 0)");
    assertArgumentError(() => resolvedSlopeAgrees(null as never, 0.5, "x"), "fit", "resolvedSlopeAgrees");
  });

  test("a fit's label names the k it went through", () => {
    const f = (used: number[], atFloor: number[]) => ({ slope: 0.5, se: 0.1, snr: [], used, atFloor });
    assert.equal(fittedKRange(f([1, 2, 4, 8], [16, 32])), "k = 1…8");
    assert.equal(fittedKRange(f([1, 2, 8], [4, 16])), "k = 1, 2, 8");
    assert.equal(fittedKRange(f([16, 32], [])), "k = 16, 32");
    assert.equal(fittedKRange(f([16], [32])), "k = 16");
    assert.equal(fittedKRange(f([], [16, 32])), "no k");
    assertArgumentError(() => fittedKRange({} as never), "fit", "fittedKRange");
  });

  test("the noise floor keeps SNR points above z/√R", () => {
    // R = 10000: floor 3/100 = 0.03
    assert.deepEqual(snrAboveNoiseFloor([1, 0.5, 0.031, 0.029, 0.2], 10_000), [0, 1, 2, 4]);
    assert.deepEqual(snrAboveNoiseFloor([0.05], 100, 1), []);
    assertArgumentError(() => snrAboveNoiseFloor([], 100), "snr", "snrAboveNoiseFloor");
    assertArgumentError(() => snrAboveNoiseFloor([1], 1.5), "replicas", "snrAboveNoiseFloor");
  });

  test("bad input is an error naming the argument and the function", () => {
    assertArgumentError(() => withinStandardErrors(Number.NaN, 0, 1), "estimate", "withinStandardErrors");
    assertArgumentError(() => withinStandardErrors(0, 0, -1), "se", "withinStandardErrors");
    assertArgumentError(() => exceedsByStandardErrors(1, Number.NaN, 3, "d"), "se", "exceedsByStandardErrors");
    assertArgumentError(() => zScoresWithin([], 4, "z"), "zs", "zScoresWithin");
    assertArgumentError(() => zScoresAllExceed([1, Number.NaN], 4, "z"), "zs", "zScoresAllExceed");
    assertArgumentError(() => slopeAgrees({ slope: Number.NaN, se: 1 }, 0.5, "θ"), "fit.slope", "slopeAgrees");
    assertArgumentError(() => slopeHasSign({ slope: 1, se: 1 }, 0 as never, "θ"), "sign", "slopeHasSign");
    assertArgumentError(() => nonIncreasing([1], 0, "w"), "values", "nonIncreasing");
    assertArgumentError(() => nonIncreasingWithin([2, 1], [0.1], "w"), "errors", "nonIncreasingWithin");
    assertArgumentError(() => nonIncreasingWithin([2, 1], [0.1, -0.1], "w"), "errors[1]", "nonIncreasingWithin");
    assertArgumentError(() => nonIncreasingWithin([2, 1], [0.1, Infinity], "w"), "errors", "nonIncreasingWithin");
    assertArgumentError(() => strictlyDecreasing([1, Number.POSITIVE_INFINITY], "w"), "values", "strictlyDecreasing");
    assertArgumentError(() => equalWithin(1, 1, 0, "x"), "tol", "equalWithin");
    assertArgumentError(() => allAtMost([], "x"), "items", "allAtMost");
    assertArgumentError(() => chordsBracketMultipliers([]), "around", "chordsBracketMultipliers");
    assertArgumentError(() => risesWithPairedSteps([], ms(1, 1), 3, "L"), "steps", "risesWithPairedSteps");
    assertArgumentError(() => allWithinStandardErrors([]), "points", "allWithinStandardErrors");
    assertArgumentError(() => beatsChance(0.5, 0, 0.3), "n", "beatsChance");
    assertArgumentError(() => smallCWiderMarginMoreViolations({ C: 1, marginWidth: Number.NaN, violations: 1 },
      { C: 2, marginWidth: 1, violations: 1 }), "small.marginWidth", "smallCWiderMarginMoreViolations");
  });
});
