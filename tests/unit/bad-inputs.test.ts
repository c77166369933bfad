/**
 * The project's own bad-input suite (issue 11): a table of bad or extreme inputs across the public API
 * (the functions the notebooks import), each asserting either a named error (the message names the
 * argument and the function) or the correct value, computed here in float64. A value case also fails on
 * any NaN it did not expect: 0 silent NaN, 0 silently wrong.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import * as E from "elbolab";
import { assertArgumentError, useBackend } from "./setup";

const { tf } = E;
useBackend();

type Values = ArrayLike<number> | number;

interface Case {
  name: string;
  run: () => unknown;
  /** [argument, function] the error must name. */
  error?: [string, string];
  /** For a value case: the expected values (computed in the test) and the tolerance. */
  expect?: () => { values: Values; tol: number };
}

/** Calls `f` with a fresh tensor and disposes everything it made. */
function numbers(out: unknown): number[] {
  if (out instanceof tf.Tensor) return Array.from(out.dataSync());
  if (typeof out === "number") return [out];
  return Array.from(out as ArrayLike<number>);
}

function disposed(values: number[], shape?: number[]): E.tf.Tensor {
  const t = tf.tensor(values, shape);
  t.dispose();
  return t;
}

function logSumExp64(v: number[]): number {
  const m = Math.max(...v);
  if (m === -Infinity || m === Infinity) return m;
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
}

const f32 = Math.fround;
const ulp32 = (x: number) => 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23);
const rows = (v: number[][]) => tf.tensor2d(v);
const standard2 = () => E.DiagNormal.standard(2);
const vaeConfig = { inputSize: 4, hidden: [3], latentSize: 2 };

function cases(): Case[] {
  const model = E.LinearGaussianModel.random({ latentDim: 2, observedDim: 3, sigma: 0.5, seed: 1 });
  const e3 = model.sample(3, 2).e; // [3, 3]
  const e5 = model.sample(5, 3).e; // [5, 3]
  const encoder = new E.GaussianEncoder({ observedDim: 3, latentDim: 2, hidden: [4], seed: 1 });
  const vae = new E.Vae(vaeConfig, 1);
  const x = rows([[0, 0.5, 1, 0.25], [1, 1, 0, 0]]);
  const c: Case[] = [];
  const err = (name: string, run: () => unknown, argument: string, fn: string) => c.push({ name, run, error: [argument, fn] });
  const val = (name: string, run: () => unknown, expect: () => { values: Values; tol: number }) => c.push({ name, run, expect });

  // ---- logSumExp / logMeanExp
  err("logSumExp: NaN", () => E.logSumExp(tf.tensor([1, NaN, 2]), 0), "x", "logSumExp");
  err("logMeanExp: NaN", () => E.logMeanExp(tf.tensor([[NaN], [0]]), 0), "x", "logMeanExp");
  err("logSumExp: axis 2 of a rank-2 tensor", () => E.logSumExp(tf.zeros([2, 3]), 2), "axis", "logSumExp");
  err("logMeanExp: axis 0.5", () => E.logMeanExp(tf.zeros([2, 3]), 0.5), "axis", "logMeanExp");
  err("logSumExp: an array, not a tensor", () => E.logSumExp([1, 2] as unknown as E.tf.Tensor, 0), "x", "logSumExp");
  err("logSumExp: a disposed tensor", () => E.logSumExp(disposed([1, 2]), 0), "x", "logSumExp");
  err("logMeanExp: a disposed tensor", () => E.logMeanExp(disposed([1, 2]), 0), "x", "logMeanExp");
  val("logSumExp: an all -Infinity slice is -Infinity", () => E.logSumExp(tf.tensor([-Infinity, -Infinity]), 0), () => ({ values: -Infinity, tol: 0 }));
  val("logSumExp: +Infinity gives +Infinity", () => E.logSumExp(tf.tensor([0, Infinity]), 0), () => ({ values: Infinity, tol: 0 }));
  val("logSumExp: [1e4, 1e4] does not overflow", () => E.logSumExp(tf.tensor([1e4, 1e4]), 0), () => ({ values: 1e4 + Math.LN2, tol: ulp32(1e4) }));
  val("logMeanExp: -1e30 repeated is -1e30", () => E.logMeanExp(tf.fill([5], -1e30), 0), () => ({ values: f32(-1e30), tol: ulp32(1e30) }));
  val("logMeanExp: 1e5 equal log-weights at -1e5", () => E.logMeanExp(tf.fill([100_000], -1e5), 0), () => ({ values: -1e5, tol: ulp32(1e5) }));
  val("logSumExp: -Infinity among finite values is a zero weight", () => E.logSumExp(tf.tensor([-Infinity, 0, 1]), 0), () => ({ values: logSumExp64([0, 1]), tol: 1e-6 }));

  // ---- iwaeBound
  err("iwaeBound: NaN", () => E.iwaeBound(tf.tensor([[0, NaN], [1, 2]]), 0), "logWeights", "iwaeBound");
  err("iwaeBound: NaN with 5000 outputs (no size cap)", () => E.iwaeBound(tf.tensor2d(new Float32Array(10_000).fill(NaN, 9_999), [2, 5000]), 0), "logWeights", "iwaeBound");
  err("iwaeBound: NaN while recording gradients", () => tf.grad((v: E.tf.Tensor) => tf.sum(E.iwaeBound(tf.mul(v, tf.tensor([1, NaN])), 0)))(tf.tensor([1, 2])), "logWeights", "iwaeBound");
  err("iwaeBound: k = 0 samples", () => E.iwaeBound(tf.zeros([0, 3]), 0), "logWeights", "iwaeBound");
  err("iwaeBound: axis out of range", () => E.iwaeBound(tf.zeros([2, 3]), 5), "axis", "iwaeBound");
  err("iwaeBound: a number, not a tensor", () => E.iwaeBound(3 as unknown as E.tf.Tensor), "logWeights", "iwaeBound");
  err("iwaeBound: a disposed tensor", () => E.iwaeBound(disposed([1, 2])), "logWeights", "iwaeBound");
  val("iwaeBound: k = 1 is log w", () => E.iwaeBound(tf.tensor([[-3.5, 2]]), 0), () => ({ values: [-3.5, 2], tol: 0 }));
  val("iwaeBound: +Infinity gives +Infinity", () => E.iwaeBound(tf.tensor([[0], [Infinity]]), 0), () => ({ values: Infinity, tol: 0 }));
  val("iwaeBound: all -Infinity gives -Infinity", () => E.iwaeBound(tf.tensor([[-Infinity], [-Infinity]]), 0), () => ({ values: -Infinity, tol: 0 }));
  val("iwaeBound: log-weights near -1e4", () => E.iwaeBound(tf.tensor([[-10000], [-10001], [-10002.5]]), 0),
    () => ({ values: logSumExp64([-10000, -10001, -10002.5]) - Math.log(3), tol: ulp32(1e4) }));

  // ---- elboFromLogWeights, elboMonteCarloKl, betaElbo, elboAnalyticKl
  err("elboFromLogWeights: NaN", () => E.elboFromLogWeights(tf.tensor([[1], [NaN]]), 0), "logWeights", "elboFromLogWeights");
  err("elboFromLogWeights: a disposed tensor", () => E.elboFromLogWeights(disposed([1, 2])), "logWeights", "elboFromLogWeights");
  err("elboFromLogWeights: axis -3 of rank 2", () => E.elboFromLogWeights(tf.zeros([2, 2]), -3), "axis", "elboFromLogWeights");
  err("elboFromLogWeights: +Infinity and -Infinity (undefined mean)", () => E.elboFromLogWeights(tf.tensor([Infinity, -Infinity])), "logWeights", "elboFromLogWeights");
  val("elboFromLogWeights: a -Infinity log-weight gives -Infinity", () => E.elboFromLogWeights(tf.tensor([[0], [-Infinity]]), 0), () => ({ values: -Infinity, tol: 0 }));
  {
    const rng = new E.Random(5);
    const lw = Float32Array.from({ length: 200_000 }, () => -1e5 + 10 * rng.normal());
    val("elboFromLogWeights: 2e5 log-weights near -1e5 (float64 mean)", () => E.elboFromLogWeights(tf.tensor1d(lw)),
      () => ({ values: lw.reduce((s, v) => s + v, 0) / lw.length, tol: ulp32(1e5) }));
  }
  err("elboMonteCarloKl: NaN in logPrior", () => E.elboMonteCarloKl(tf.zeros([2, 1]), tf.tensor([[NaN], [0]]), tf.zeros([2, 1])), "logPrior", "elboMonteCarloKl");
  err("elboMonteCarloKl: logQ of another shape", () => E.elboMonteCarloKl(tf.zeros([2, 1]), tf.zeros([2, 1]), tf.zeros([2, 2])), "logQ", "elboMonteCarloKl");
  val("elboMonteCarloKl: mean(ll) - mean(logQ - logPrior)", () => E.elboMonteCarloKl(tf.tensor([[-1], [-3]]), tf.tensor([[-0.5], [-1.5]]), tf.tensor([[-0.25], [-0.75]])),
    () => ({ values: (-1 - 3) / 2 - ((-0.25 + 0.5) + (-0.75 + 1.5)) / 2, tol: 1e-6 }));
  const q1 = () => new E.DiagNormal(tf.tensor([[0.5, -1]]), tf.tensor([[0.7, 1.3]]));
  const kl64 = (0.5 ** 2 + 0.7 ** 2 - 1 - 2 * Math.log(0.7) + 1 + 1.3 ** 2 - 1 - 2 * Math.log(1.3)) / 2;
  err("betaElbo: NaN in expectedLogLikelihood", () => E.betaElbo(tf.tensor([NaN]), q1(), standard2(), 2), "expectedLogLikelihood", "betaElbo");
  err("betaElbo: NaN in q's parameters (not validated)", () => E.betaElbo(tf.tensor([1]), new E.DiagNormal(tf.tensor([[NaN, 0]]), tf.ones([1, 2]), { validate: false }), standard2(), 1), "q", "betaElbo");
  err("betaElbo: beta = -1", () => E.betaElbo(tf.tensor([1]), q1(), standard2(), -1), "beta", "betaElbo");
  err("betaElbo: beta = NaN", () => E.betaElbo(tf.tensor([1]), q1(), standard2(), NaN), "beta", "betaElbo");
  err("betaElbo: expectedLogLikelihood of the wrong shape", () => E.betaElbo(tf.tensor([1, 2]), q1(), standard2(), 1), "expectedLogLikelihood", "betaElbo");
  err("betaElbo: expectedLogLikelihood not a tensor", () => E.betaElbo([1] as unknown as E.tf.Tensor, q1(), standard2(), 1), "expectedLogLikelihood", "betaElbo");
  err("betaElbo: a disposed expectedLogLikelihood", () => E.betaElbo(disposed([1]), q1(), standard2(), 1), "expectedLogLikelihood", "betaElbo");
  val("betaElbo: -2 - 3·KL (closed form in float64)", () => E.betaElbo(tf.tensor([-2]), q1(), standard2(), 3), () => ({ values: -2 - 3 * kl64, tol: 1e-5 }));
  val("betaElbo: beta = 0 is the expected log-likelihood", () => E.betaElbo(tf.tensor([-2]), q1(), standard2(), 0), () => ({ values: -2, tol: 0 }));
  err("elboAnalyticKl: NaN in expectedLogLikelihood", () => E.elboAnalyticKl(tf.tensor([NaN]), q1(), standard2()), "expectedLogLikelihood", "elboAnalyticKl");
  val("elboAnalyticKl: -2 - KL", () => E.elboAnalyticKl(tf.tensor([-2]), q1(), standard2()), () => ({ values: -2 - kl64, tol: 1e-5 }));

  // ---- normalised weights, ESS, jackknife, delta method, k-sample estimates
  err("normalizedWeights: NaN", () => E.normalizedWeights(tf.tensor([0, NaN])), "logWeights", "normalizedWeights");
  err("normalizedWeights: an all -Infinity slice", () => E.normalizedWeights(tf.tensor([-Infinity, -Infinity])), "logWeights", "normalizedWeights");
  err("normalizedWeights: +Infinity", () => E.normalizedWeights(tf.tensor([0, Infinity])), "logWeights", "normalizedWeights");
  err("normalizedWeights: a disposed tensor", () => E.normalizedWeights(disposed([0, 1])), "logWeights", "normalizedWeights");
  err("normalizedWeights: axis 1 of rank 1", () => E.normalizedWeights(tf.zeros([3]), 1), "axis", "normalizedWeights");
  for (const offset of [-1e5, -1e7]) {
    val(`normalizedWeights: sum to 1 at offset ${offset}`, () => tf.sum(E.normalizedWeights(tf.add(tf.linspace(-3, 3, 1000), offset))), () => ({ values: 1, tol: 1e-5 }));
  }
  val("normalizedWeights: softmax of [0, ln 3]", () => E.normalizedWeights(tf.tensor([0, Math.log(3)])), () => ({ values: [0.25, 0.75], tol: 1e-7 }));
  err("effectiveSampleSize: NaN", () => E.effectiveSampleSize(tf.tensor([0, NaN])), "logWeights", "effectiveSampleSize");
  err("effectiveSampleSize: all -Infinity", () => E.effectiveSampleSize(tf.tensor([-Infinity, -Infinity])), "logWeights", "effectiveSampleSize");
  val("effectiveSampleSize: 10 equal weights give 10", () => E.effectiveSampleSize(tf.fill([10], -5e4)), () => ({ values: 10, tol: 10 * 4e-6 }));
  val("effectiveSampleSize: one weight dominant gives 1", () => E.effectiveSampleSize(tf.tensor([0, -1e4, -1e4])), () => ({ values: 1, tol: 1e-6 }));
  err("jackknifeIwaeBound: NaN", () => E.jackknifeIwaeBound(tf.tensor([[NaN], [1]])), "logWeights", "jackknifeIwaeBound");
  err("jackknifeIwaeBound: k = 1", () => E.jackknifeIwaeBound(tf.zeros([1, 2])), "logWeights", "jackknifeIwaeBound");
  err("deltaMethodGap: k = 0", () => E.deltaMethodGap(tf.zeros([3, 2]), 0), "k", "deltaMethodGap");
  err("deltaMethodGap: one sample", () => E.deltaMethodGap(tf.zeros([1, 2]), 5), "logWeights", "deltaMethodGap");
  err("deltaMethodGap: NaN", () => E.deltaMethodGap(tf.tensor([[NaN], [1]]), 5), "logWeights", "deltaMethodGap");
  err("kSampleBoundEstimates: importanceSampleSize 0", () => E.kSampleBoundEstimates(model.logJoint(e3), encoder.q(e3), { importanceSampleSize: 0, sampleSize: 2 }, 1), "options.importanceSampleSize", "kSampleBoundEstimates");
  err("kSampleBoundEstimates: sampleSize 1.5", () => E.kSampleBoundEstimates(model.logJoint(e3), encoder.q(e3), { importanceSampleSize: 2, sampleSize: 1.5 }, 1), "options.sampleSize", "kSampleBoundEstimates");
  err("planChunks: limit 0", () => E.planChunks(10, 0), "limit", "planChunks");
  val("planChunks: a prime k = 100,003 keeps chunks near the limit", () => Math.min(...E.planChunks(100_003, 500)), () => ({ values: Math.floor(100_003 / Math.ceil(100_003 / 500)), tol: 0 }));
  err("combineChunkBounds: sizes of the wrong length", () => E.combineChunkBounds(tf.zeros([2, 3]), [5]), "sizes", "combineChunkBounds");

  // ---- log importance weights: batch mismatch, bad k, q, seed
  err("logImportanceWeights: encoder batch 5, observations batch 3", () => E.logImportanceWeights(model.logJoint(e3), encoder.q(e5), 2, 1), "logJoint", "logImportanceWeights");
  err("logImportanceWeights: k = 0", () => E.logImportanceWeights(model.logJoint(e3), encoder.q(e3), 0, 1), "k", "logImportanceWeights");
  err("logImportanceWeights: logJoint not a function", () => E.logImportanceWeights(null as unknown as E.LogJoint, encoder.q(e3), 2, 1), "logJoint", "logImportanceWeights");
  err("logImportanceWeights: q = {}", () => E.logImportanceWeights(model.logJoint(e3), {} as E.DiagNormal, 2, 1), "q", "logImportanceWeights");
  err("logImportanceWeights: seed 2^32", () => E.logImportanceWeights(model.logJoint(e3), encoder.q(e3), 2, 2 ** 32), "seed", "logImportanceWeights");

  // ---- seeds and randomness
  err("Random: seed 2^32 (would alias 0)", () => new E.Random(2 ** 32), "seed", "Random");
  err("Random: seed 2^32 + 5 (would alias 5)", () => new E.Random(2 ** 32 + 5), "seed", "Random");
  err("Random: seed 2^53", () => new E.Random(2 ** 53), "seed", "Random");
  err("Random: seed -1", () => new E.Random(-1), "seed", "Random");
  err("Random: seed 1.5", () => new E.Random(1.5), "seed", "Random");
  err("Random: seed NaN", () => new E.Random(NaN), "seed", "Random");
  err("Random.normalArray: n = -1", () => new E.Random(1).normalArray(-1), "n", "Random.normalArray");
  err("Random.normalArray: n = 2.5", () => new E.Random(1).normalArray(2.5), "n", "Random.normalArray");
  err("spreadChartSpec: a k of 0", () => E.spreadChartSpec([{ label: "a", ks: [0], draws: [[1]] }], { title: "t" }),
      "series[0].ks[]", "spreadChartSpec");
  err("lkGapCurveChartSpec: k = 1.5", () => E.lkGapCurveChartSpec([{ k: 1.5, L: 0, gap: 0, seGap: 0 }], { title: "t" }),
      "points[0].k", "lkGapCurveChartSpec");
  val("Random: the largest seed 2^32 - 1 is accepted and differs from 0", () => new E.Random(2 ** 32 - 1).nextUint32() === new E.Random(0).nextUint32() ? 1 : 0, () => ({ values: 0, tol: 0 }));
  err("Random.integer: n = 0", () => new E.Random(1).integer(0), "n", "Random.integer");
  err("Random.fork: key -1", () => new E.Random(1).fork(-1), "keys", "Random.fork");
  err("Random.fork: key 2^32 (would alias key 0)", () => new E.Random(1).fork(2 ** 32), "keys", "Random.fork");
  err("randomNormal: shape [-1]", () => E.randomNormal([-1], 1), "shape[0]", "randomNormal");
  err("randomNormal: seed '1'", () => E.randomNormal([2], "1" as unknown as number), "seed", "randomNormal");
  err("randomUniform: seed 2^32", () => E.randomUniform([2], 2 ** 32), "seed", "randomUniform");
  err("parseSeed: ' ' (Number(' ') is 0)", () => E.parseSeed(" ", "ELBOLAB_SEED", "startNotebook"), "ELBOLAB_SEED", "startNotebook");
  err("parseSeed: '1e3'", () => E.parseSeed("1e3", "ELBOLAB_SEED", "startNotebook"), "ELBOLAB_SEED", "startNotebook");
  err("parseSeed: '4294967296'", () => E.parseSeed("4294967296", "ELBOLAB_SEED", "startNotebook"), "ELBOLAB_SEED", "startNotebook");
  err("parseSeed: '-1'", () => E.parseSeed("-1", "ELBOLAB_SEED", "startNotebook"), "ELBOLAB_SEED", "startNotebook");
  err("parseSeed: '0x10'", () => E.parseSeed("0x10", "ELBOLAB_SEED", "startNotebook"), "ELBOLAB_SEED", "startNotebook");
  val("parseSeed: ' 42 ' is 42", () => E.parseSeed(" 42 ", "ELBOLAB_SEED", "startNotebook"), () => ({ values: 42, tol: 0 }));
  err("meanAndStandardError: one value", () => E.meanAndStandardError([1]), "values", "meanAndStandardError");
  err("meanAndStandardError: NaN", () => E.meanAndStandardError([1, NaN]), "values", "meanAndStandardError");
  val("meanAndStandardError: [1, 2, 3, 4]", () => { const r = E.meanAndStandardError([1, 2, 3, 4]); return [r.mean, r.sd, r.se]; },
    () => ({ values: [2.5, Math.sqrt(5 / 3), Math.sqrt(5 / 3) / 2], tol: 1e-12 }));
  err("gradientSnr: all-zero draws (0/0)", () => E.gradientSnr([0, 0, 0]), "draws", "gradientSnr");
  val("gradientSnr: constant non-zero draws have SNR +Infinity", () => E.gradientSnr([2, 2, 2]), () => ({ values: Infinity, tol: 0 }));
  err("snrSlope: one array of draws for two ks", () => E.snrSlope([1, 2], [[1, 2]], { seed: 1 }), "draws", "snrSlope");

  // ---- distributions and divergences
  err("DiagNormal: scale 0", () => new E.DiagNormal(tf.zeros([2]), tf.zeros([2])), "scale", "DiagNormal");
  err("DiagNormal: scale NaN", () => new E.DiagNormal(tf.zeros([2]), tf.tensor([1, NaN])), "scale", "DiagNormal");
  err("DiagNormal: loc NaN", () => new E.DiagNormal(tf.tensor([NaN]), tf.ones([1])), "loc", "DiagNormal");
  err("DiagNormal: shapes differ", () => new E.DiagNormal(tf.zeros([2]), tf.ones([3])), "scale", "DiagNormal");
  err("DiagNormal: a disposed loc", () => new E.DiagNormal(disposed([0, 0]), tf.ones([2])), "loc", "DiagNormal");
  err("DiagNormal.fromLogScale: loc NaN", () => E.DiagNormal.fromLogScale(tf.tensor([NaN]), tf.zeros([1])), "loc", "DiagNormal");
  err("DiagNormal.fromLogScale: a disposed logScale", () => E.DiagNormal.fromLogScale(tf.zeros([1]), disposed([0])), "logScale", "DiagNormal.fromLogScale");
  err("DiagNormal.logProb: wrong event size", () => standard2().logProb(tf.zeros([3])), "x", "DiagNormal.logProb");
  val("DiagNormal.logProb: at the mean of N(0, I_2)", () => standard2().logProb(tf.zeros([2])), () => ({ values: -Math.log(2 * Math.PI), tol: 1e-6 }));
  err("Bernoulli: NaN logits", () => new E.Bernoulli(tf.tensor([NaN])), "logits", "Bernoulli");
  err("Bernoulli.logProb: x = 5", () => new E.Bernoulli(tf.tensor([0.3])).logProb(tf.tensor([5])), "x", "Bernoulli.logProb");
  val("Bernoulli.logProb: logit 30 at x = 0 (no underflow to -Infinity)", () => new E.Bernoulli(tf.tensor([30])).logProb(tf.tensor([0])), () => ({ values: -30 - Math.log1p(Math.exp(-30)), tol: ulp32(30) }));
  err("Bernoulli.logProb: a disposed x", () => new E.Bernoulli(tf.tensor([0.3])).logProb(disposed([1])), "x", "Bernoulli.logProb");
  err("DiagNormal.logProb: a disposed x", () => standard2().logProb(disposed([0, 0])), "x", "DiagNormal.logProb");
  err("DiagNormal.rsample: a disposed scale", () => { const q = q1(); q.scale.dispose(); return q.rsample(1); }, "this", "DiagNormal.rsample");
  err("kl: q with a disposed loc", () => { const q = q1(); q.loc.dispose(); return E.kl(q, standard2()); }, "p", "kl");
  err("GaussianEncoder.q: a disposed e", () => encoder.q(disposed([0, 0, 0], [1, 3])), "e", "GaussianEncoder.q");
  err("LinearGaussianModel.logMarginal: a disposed e", () => model.logMarginal(disposed([0, 0, 0], [1, 3])), "e", "LinearGaussianModel.logMarginal");
  err("kl: an unregistered pair", () => E.kl(standard2(), new E.Bernoulli(tf.tensor([0.3, 1]))), "q", "kl");
  err("kl: event sizes differ", () => E.kl(standard2(), E.DiagNormal.standard(3)), "q", "klDiagNormal");
  err("klGaussian64: a covariance that is not positive definite", () => E.klGaussian64([0], [[1]], [0], [[-1]]), "s2", "klGaussian64");
  val("klGaussian64: KL(N(0,1) || N(1,4))", () => E.klGaussian64([0], [[1]], [1], [[4]]), () => ({ values: 0.5 * (1 / 4 + 1 / 4 - 1 + Math.log(4)), tol: 1e-12 }));

  // ---- models
  err("LinearGaussianModel: sigma 0", () => new E.LinearGaussianModel({ W: [[1]], b: [0], sigma: 0 }), "config.sigma", "LinearGaussianModel");
  err("LinearGaussianModel.logMarginal: NaN in e", () => model.logMarginal(tf.tensor([[NaN, 0, 0]])), "e", "LinearGaussianModel.logMarginal");
  err("LinearGaussianModel.logJoint: e of width 4", () => model.logJoint(tf.zeros([2, 4])), "e", "LinearGaussianModel.logJoint");
  err("LinearGaussianModel.sample: n = 0", () => model.sample(0, 1), "n", "LinearGaussianModel.sample");
  err("LinearGaussianModel.random: seed 2^32", () => E.LinearGaussianModel.random({ latentDim: 2, observedDim: 3, sigma: 0.5, seed: 2 ** 32 }), "seed", "LinearGaussianModel.random");
  val("LinearGaussianModel.logMarginal: equals the float64 value", () => model.logMarginal(tf.tensor([[0.5, -1, 2]])), () => ({ values: model.logMarginal64([0.5, -1, 2]), tol: 1e-4 }));
  err("GaussianEncoder: seed 2^32", () => new E.GaussianEncoder({ observedDim: 3, latentDim: 2, seed: 2 ** 32 }), "seed", "Mlp");
  err("trainEncoderByElbo: NaN in data", () => E.trainEncoderByElbo(encoder, (d) => model.logJoint(d), tf.tensor([[NaN, 0, 0]]), { steps: 2, seed: 1 }), "data", "trainEncoderByElbo");
  err("trainEncoderByElbo: steps 0", () => E.trainEncoderByElbo(encoder, (d) => model.logJoint(d), e3, { steps: 0, seed: 1 }), "options.steps", "trainEncoderByElbo");
  err("trainEncoderByElbo: a diverging learning rate 1e6 stops at the first non-finite ELBO", () => {
    const enc = new E.GaussianEncoder({ observedDim: 3, latentDim: 2, hidden: [8], seed: 1 });
    try { return E.trainEncoderByElbo(enc, (d) => model.logJoint(d), model.sample(20, 2).e, { steps: 30, learningRate: 1e6, seed: 1 }); } finally { enc.dispose(); }
  }, "options.learningRate", "trainEncoderByElbo");
  err("trainEncoderByElbo: encoder = {}", () => E.trainEncoderByElbo({} as E.GaussianEncoder, (d) => model.logJoint(d), e3, { steps: 1, seed: 1 }), "encoder", "trainEncoderByElbo");
  err("discreteFamily: kind 'foo'", () => E.discreteFamily(E.DiscreteLatentModel.random({ latentDim: 2, observedDim: 3, sigma: 0.5, seed: 1 }), tf.zeros([1, 3]), "foo" as "exact"), "kind", "discreteFamily");
  err("discreteWeightMoment: n = 0", () => E.discreteWeightMoment([0, -1], [0, -1], 0), "n", "discreteWeightMoment");
  err("gaussianWeightMoment: n = 0", () => E.gaussianWeightMoment([[1]], [[1]], [0], 0), "n", "gaussianWeightMoment");
  err("weightMomentSummary: not a function", () => E.weightMomentSummary(null as unknown as (n: number) => number), "moment", "weightMomentSummary");
  err("replicaColumns: replicas 0", () => E.replicaColumns([], 0), "replicas", "replicaColumns");

  // ---- the VAE
  err("Vae: seed 2^32 (would alias 0)", () => new E.Vae(vaeConfig, 2 ** 32), "seed", "Vae");
  err("Vae: seed -1", () => new E.Vae(vaeConfig, -1), "seed", "Vae");
  err("Vae: config.inputSize 0", () => new E.Vae({ ...vaeConfig, inputSize: 0 }, 1), "config.inputSize", "Vae");
  err("Vae.objective: NaN in x", () => vae.objective(rows([[0, NaN, 1, 0]]), { kind: "elbo" }, 1), "x", "Vae.objective");
  err("Vae.objective: pixels = 5", () => vae.objective(rows([[0, 5, 1, 0]]), { kind: "elbo" }, 1), "x", "Vae.objective");
  err("Vae.objective: pixels = -0.1 (IWAE)", () => vae.objective(rows([[0, -0.1, 1, 0]]), { kind: "iwae", k: 3 }, 1), "x", "Vae.objective");
  err("Vae.objective: x of width 5", () => vae.objective(tf.zeros([2, 5]), { kind: "elbo" }, 1), "x", "Vae.objective");
  err("Vae.objective: a disposed x", () => vae.objective(disposed([0, 0, 0, 0], [1, 4]), { kind: "elbo" }, 1), "x", "Vae.objective");
  err("Vae.objective: kind 'foo'", () => vae.objective(x, { kind: "foo" } as unknown as E.VaeObjective, 1), "objective.kind", "Vae.objective");
  err("Vae.objective: IWAE k = 0", () => vae.objective(x, { kind: "iwae", k: 0 }, 1), "objective.k", "Vae.objective");
  err("Vae.objective: beta = -1", () => vae.objective(x, { kind: "beta", beta: -1 }, 1), "objective.beta", "Vae.objective");
  err("Vae.posterior: batchSize 0 (looped forever)", () => vae.posterior(new Float32Array(8).fill(0.5), 0), "batchSize", "Vae.posterior");
  err("Vae.posterior: batchSize -1", () => vae.posterior(new Float32Array(8).fill(0.5), -1), "batchSize", "Vae.posterior");
  err("Vae.objective: seed 2^32", () => vae.objective(x, { kind: "elbo" }, 2 ** 32), "seed", "randomNormal");
  val("Vae.objective: IWAE with k = 1 equals the ELBO's one-draw estimate from the same seed",
    () => vae.objective(x, { kind: "iwae", k: 1 }, 7), () => ({ values: E.elboFromLogWeights(vae.logWeights(x, 1, 7), 0).dataSync(), tol: 1e-5 }));
  {
    const images = { images: new Float32Array(8).fill(0.5), n: 2, dim: 4, side: 2 };
    err("estimateLogLikelihood: k = 0", () => E.estimateLogLikelihood(vae, images, { k: 0, seed: 1 }), "options.k", "estimateLogLikelihood");
    err("estimateLogLikelihood: chunk 0", () => E.estimateLogLikelihood(vae, images, { k: 5, chunk: 0, seed: 1 }), "options.chunk", "estimateLogLikelihood");
    err("estimateLogLikelihood: pixels = 5", () => E.estimateLogLikelihood(vae, { ...images, images: new Float32Array(8).fill(5) }, { k: 5, seed: 1 }), "data.images", "estimateLogLikelihood");
    val("planLogLikelihood: a prime k = 13 with chunk 5 is cut 5 + 4 + 4, not 13 chunks of 1", () => {
      const plan = E.planLogLikelihood(vae, images, { k: 13, chunk: 5, seed: 4 });
      return plan.sizes;
    }, () => ({ values: [5, 4, 4], tol: 0 }));
  }
  err("binarize: NaN grey level", () => E.binarize(new Float32Array([NaN, 0.5]), 1), "grey", "binarize");
  err("binarize: grey level 5", () => E.binarize(new Float32Array([5, 0.5]), 1), "grey", "binarize");
  // ---- MNIST, the IWAE paper's schedule (issue 13)
  err("parseIdx: a float IDX file (type 0x0D)", () => E.parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 7]), "f.idx"), "bytes", "parseIdx");
  err("parseIdx: fewer values than the header's sizes", () => E.parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7]), "short.idx"), "bytes", "parseIdx");
  err("loadMnist: trainSize 60001", () => E.loadMnist({ trainSize: 60001 }), "options.trainSize", "loadMnist");
  err("loadMnist: a directory without the files", () => E.loadMnist({ directory: mkdtempSync(join(tmpdir(), "elbolab-bad-")) }), "options.directory", "loadMnist");
  err("iwaeLearningRate: pass -1", () => E.iwaeLearningRate(-1), "pass", "iwaeLearningRate");
  val("iwaeLearningRate: pass 4 is the first of stage 2", () => E.iwaeLearningRate(4), () => ({ values: 0.001 * 10 ** (-2 / 7), tol: 0 }));
  {
    const images = { images: new Float32Array(8).fill(0.5), n: 2, dim: 4, side: 2 };
    err("trainVae: learningRates shorter than epochs", () => E.trainVae(vae, images, { objective: { kind: "elbo" }, epochs: 2, seed: 1, learningRates: [1e-3] }), "options.learningRates", "trainVae");
    err("trainVae: a NaN learning rate", () => E.trainVae(vae, images, { objective: { kind: "elbo" }, epochs: 1, seed: 1, learningRates: [NaN] }), "options.learningRates[0]", "trainVae");
  }
  // ---- FlatAdam (issue 21): options are checked before any tensor is made
  err("FlatAdam: a NaN learning rate", () => new E.FlatAdam(vae.variables, { learningRate: NaN }), "options.learningRate", "FlatAdam");
  err("FlatAdam: beta2 = 1", () => new E.FlatAdam(vae.variables, { learningRate: 1e-3, beta2: 1 }), "options.beta2", "FlatAdam");
  err("FlatAdam: epsilon 0", () => new E.FlatAdam(vae.variables, { learningRate: 1e-3, epsilon: 0 }), "options.epsilon", "FlatAdam");
  err("FlatAdam: no variables", () => new E.FlatAdam([], { learningRate: 1e-3 }), "variables", "FlatAdam");

  // ---- data, metrics, workers
  err("stratifiedSplit: testFraction 1.5", () => E.stratifiedSplit(E.twoGaussians(10, 1), 1.5, 1), "testFraction", "stratifiedSplit");
  err("stratifiedFolds: k = 1", () => E.stratifiedFolds(E.twoGaussians(10, 1), 1, 1), "k", "stratifiedFolds");
  err("stratifiedFolds: k above a class size", () => E.stratifiedFolds(E.twoGaussians(10, 1), 6, 1), "k", "stratifiedFolds");
  err("stratifiedFolds: k = 2.5", () => E.stratifiedFolds(E.twoGaussians(10, 1), 2.5, 1), "k", "stratifiedFolds");
  err("chooseSvmCByCrossValidation: no C", () => E.chooseSvmCByCrossValidation(E.twoGaussians(10, 1), [], 2, 1), "Cs", "chooseSvmCByCrossValidation");
  err("chooseSvmCByCrossValidation: C = 0", () => E.chooseSvmCByCrossValidation(E.twoGaussians(10, 1), [1, 0], 2, 1), "C", "chooseSvmCByCrossValidation");
  err("twoGaussians: n = 0", () => E.twoGaussians(0, 1), "n", "twoGaussians");
  err("generateShapes: n = 0", () => E.generateShapes({ n: 0 } as E.ShapesOptions), "options.n", "generateShapes");
  err("activeUnits: threshold -1", () => E.activeUnits([[1, 2], [3, 4]] as unknown as Parameters<typeof E.activeUnits>[0], -1), "threshold", "activeUnits");
  err("mutualInformationGap: bins 0", () => E.mutualInformationGap([[1, 2], [3, 4]] as unknown as Parameters<typeof E.activeUnits>[0], [[0, 1]], 0), "bins", "mutualInformationGap");
  err("totalCorrelation: scale 0", () => E.totalCorrelation(tf.zeros([4, 2]), tf.zeros([4, 2]), { seed: 1 } as Parameters<typeof E.totalCorrelation>[2]), "scale", "totalCorrelation");
  err("irisTwoClass: species 'foo'", () => E.irisTwoClass("foo" as "setosa"), "negative", "irisTwoClass");
  err("rbfKernel: gamma -1", () => E.rbfKernel(-1), "gamma", "rbfKernel");
  err("assertWorkerCount: 1e6 workers", () => E.assertWorkerCount(1e6, "options.workers", "estimateLogLikelihoodParallel"), "options.workers", "estimateLogLikelihoodParallel");
  err("assertWorkerCount: -1 workers", () => E.assertWorkerCount(-1, "options.workers", "trainVaesParallel"), "options.workers", "trainVaesParallel");
  err("defaultWorkerCount: ELBOLAB_WORKERS=1e6", () => withEnv("ELBOLAB_WORKERS", "1000000", E.defaultWorkerCount), "ELBOLAB_WORKERS", "defaultWorkerCount");
  err("defaultWorkerCount: ELBOLAB_WORKERS=two", () => withEnv("ELBOLAB_WORKERS", "two", E.defaultWorkerCount), "ELBOLAB_WORKERS", "defaultWorkerCount");
  err("latexScientific: Infinity", () => E.latexScientific(Infinity, 1), "v", "latexScientific");
  err("latexScientific: 1.5 digits", () => E.latexScientific(1, 1.5), "digits", "latexScientific");
  err("assertSafeChartSpec: href channel", () => E.assertSafeChartSpec({ mark: "point", encoding: { href: { field: "u" } } }, "spec", "showChart"), "spec.encoding.href", "showChart");
  err("assertSafeChartSpec: unknown data name", () => E.assertSafeChartSpec({ data: { name: "d" }, mark: "point" }, "spec", "renderChart"), "spec.data.name", "renderChart");
  err("markup: a number", () => E.markup(1 as unknown as string), "text", "markup");
  err("escapeMarkdown: undefined", () => E.escapeMarkdown(undefined as unknown as string), "s", "escapeMarkdown");
  err("renderTable: NaN cell", () => E.renderTable([{ v: NaN }]), 'input[0]["v"]', "renderTable");
  err("showTable: object cell", () => E.showTable([{ v: { a: 1 } }]), 'input[0]["v"]', "showTable");
  const terms2 = [{ beta: 1, reconstruction: [1, 2], kl: [1, 1] }, { beta: 2, reconstruction: [1, 2], kl: [0.5, 0.5] }];
  err("crossEvaluateBetaSweep: NaN kl", () => E.crossEvaluateBetaSweep([terms2[0], { ...terms2[1], kl: [NaN, 1] }]), "models[1].kl", "crossEvaluateBetaSweep");
  err("sweepModelsOptimalForTheirBeta: NaN advantage", () => E.sweepModelsOptimalForTheirBeta(E.crossEvaluateBetaSweep(terms2).map((c) => ({ ...c, advantage: NaN }))), "cells[0].advantage", "sweepModelsOptimalForTheirBeta");
  err("betterModelForEachBeta: no cells", () => E.betterModelForEachBeta([]), "cells", "betterModelForEachBeta");
  err("disentanglementOverSeeds: kl 0", () => E.disentanglementOverSeeds([{ beta: 1, seed: 0, mig: 0.1, tc: 0.1, kl: 0 }]), "runs[0].kl", "disentanglementOverSeeds");
  err("migRisesWithBeta: no β > 1", () => E.migRisesWithBeta([0, 1].map((seed) => ({ beta: 1, seed, mig: 0.1, tc: 0.1, kl: 1 }))), "runs", "migRisesWithBeta");
  err("chordsWithinTheirBetas: se Infinity", () => E.chordsWithinTheirBetas([{ betaLow: 1, betaHigh: 2, slope: 1.5, se: Infinity, bracketed: true, violation: null }]), "chords[0].se", "chordsWithinTheirBetas");
  // ---- DataFrames, CSV tables, results as frames (issue 22)
  err("toDataFrame: NaN metric", () => E.toDataFrame([{ k: 1, gap: Number.NaN }], { metrics: ["gap"] }), "records", "toDataFrame");
  err("toDataFrame: no rows", () => E.toDataFrame([]), "records", "toDataFrame");
  err("pivotWider: a missing pair", () => E.pivotWider(E.toDataFrame([{ e: "a", k: 1, g: 1 }, { e: "b", k: 2, g: 1 }]), { index: "e", columns: "k", values: "g" }), "df", "pivotWider");
  err("summariseBy: NaN in the column", () => E.summariseBy(E.toDataFrame([{ e: "a", g: Number.NaN }]), ["e"], "g"), "df", "summariseBy");
  err("tableCsv: NaN cell", () => E.tableCsv([{ g: Number.NaN }]), "input", "tableCsv");
  err("saveTable: a name with a folder", () => E.saveTable([{ g: 1 }], "a/b"), "name", "saveTable");
  err("loadResultsFrames: no such results", () => E.loadResultsFrames("no-such-notebook", [mkdtempSync(join(tmpdir(), "elbolab-bad-"))]), "directories", "loadResultsFrames");
  err("Random.fromState: all-zero words", () => E.Random.fromState({ seed: 1, words: [0, 0, 0, 0], spareNormal: null }), "state.words", "Random.fromState");
  err("checkpointFileName: tag 'a/b'", () => E.checkpointFileName(1, "a/b"), "tag", "checkpointFileName");
  err("pruneCheckpoints: keep 0", () => E.pruneCheckpoints(tmpdir(), 0), "keep", "pruneCheckpoints");
  err("iwaeStageBoundaries: -1", () => E.iwaeStageBoundaries(-1), "passes", "iwaeStageBoundaries");
  err("protocolCurveSpec: results not an array", () => E.protocolCurveSpec(null as unknown as E.StagePoint[]), "results", "protocolCurveSpec");
  err("svmFigureSweep: no solutions", () => E.svmFigureSweep([]), "solutions", "svmFigureSweep");
  // ---- notebook 01: the lecture's form along a sweep, its relation to the standard form, cross-validation
  {
    const d = E.twoGaussians(20, 1);
    const C0 = E.normFormThreshold(d);
    const sum = d.x.reduce((t, p, j) => [t[0] + d.y[j] * p[0], t[1] + d.y[j] * p[1]], [0, 0]);
    val("normFormThreshold: 1/||Σ y_j e_j||", () => C0, () => ({ values: 1 / Math.hypot(sum[0], sum[1]), tol: 1e-15 }));
    err("normFormThreshold: unbalanced labels", () => E.normFormThreshold({ x: [[0, 0], [1, 0], [2, 0]], y: [1, 1, -1] }), "data.y", "normFormThreshold");
    err("solveSvmCSweep: C below C₀ (w = 0)", () => E.solveSvmCSweep(d, [C0 / 2]), "Cs", "solveSvmCSweep");
    err("solveSvmCSweep: C = NaN", () => E.solveSvmCSweep(d, [NaN]), "C", "solveSvmCSweep");
    err("solveSvmCSweep: not { x, y }", () => E.solveSvmCSweep({ x: [[1, 2]], y: [] }, [1]), "data", "solveSvmCSweep");
    err("compareSvmForms: C = Infinity", () => E.compareSvmForms(d, Infinity), "C", "compareSvmForms");
    err("lectureCAlongStandardPath: C' = 0", () => E.lectureCAlongStandardPath(d, [0]), "C", "lectureCAlongStandardPath");
    err("asStandardForm: a squared-form solution", () => E.asStandardForm(E.solveSvmDual(d.x, d.y, 1)), "solution.form", "asStandardForm");
    err("hasLine: not a solution", () => E.hasLine(null as never), "solution", "hasLine");
    err("barrierCertificate: an SMO solution", () => E.barrierCertificate(E.solveSvmDual(d.x, d.y, 1) as never), "solution", "barrierCertificate");
    err("decadeGrid: to below from", () => E.decadeGrid(2, -1, 1), "to", "decadeGrid");
    err("decadeExponent: -1", () => E.decadeExponent(-1), "v", "decadeExponent");
    err("svmFigurePanels: no solutions", () => E.svmFigurePanels([], { title: "t" }), "solutions", "svmFigurePanels");
    err("svmTradeoffChartSpec: C = 0", () => E.svmTradeoffChartSpec([{ ...E.solveSvmCSweep(d, [1]).rows[0], C: 0 }], { title: "t" }), "rows[0].C", "svmTradeoffChartSpec");
    const row = { C: 1, margin_width: 1, inside_or_misclassified: 2, misclassified: 1 };
    err("svmTradeoffText: n below the violations", () => E.svmTradeoffText(row, { ...row, C: 2 }, 1), "n", "svmTradeoffText");
    err("crossValidateSvm: no C", () => E.crossValidateSvm(d, [], 2, 1), "Cs", "crossValidateSvm");
    err("nestedCrossValidateSvm: outer 1", () => E.nestedCrossValidateSvm(d, [1], { outer: 1, inner: 2, seed: 1 }), "options.outer", "nestedCrossValidateSvm");
    err("cvAccuracyChartSpec: negative offset", () => E.cvAccuracyChartSpec([{ label: "a", scores: E.crossValidateSvm(d, [1], 2, 1).scores }], { title: "t", offset: -1 }), "options.offset", "cvAccuracyChartSpec");
    err("formRelationChartSpec: C0 NaN", () => E.formRelationChartSpec([{ Cp: 1, C: 1 }], NaN, { title: "t" }), "C0", "formRelationChartSpec");
    err("nonIncreasingWithin: one value", () => E.nonIncreasingWithin([1], [0], "w"), "values", "nonIncreasingWithin");
    err("trainLibsvmLinear: C = -1", () => E.trainLibsvmLinear(null as never, d.x, d.y, -1), "C", "trainLibsvmLinear");
  }
  // ---- notebooks 03 and 06: presentation helpers (tests/unit/elbo-chain-helpers.test.ts, iwae-mnist-helpers.test.ts)
  err("elboTrainingChartSpec: a NaN step", () => E.elboTrainingChartSpec([-1, NaN], 0), "history", "elboTrainingChartSpec");
  err("averagingTable: no control-variate gap", () => E.averagingTable([{ k: 1, bound: { mean: 0, se: 1, sd: 1, n: 2 }, outside: { mean: 0, se: 1, sd: 1, n: 2 } }], { logEvidence: 0, elbo: 0, relativeVariance: 1, rows: 2 }), "points[0].gap", "averagingTable");
  err("estimateRangeChartSpec: no points", () => E.estimateRangeChartSpec([], { elbo: 0, logEvidence: 0, title: "t" }), "points", "estimateRangeChartSpec");
  err("boundNoiseText: SE 0", () => E.boundNoiseText([{ k: 1, bound: { mean: 0, se: 0 } }], 0), "points[0].bound.se", "boundNoiseText");
  err("deltaRateText: Var(w)/E[w]² = -1", () => E.deltaRateText({ mean: 0, se: 0 }, 1, -1), "relativeVariance", "deltaRateText");
  err("iwaePaperComparisonText: 0 test digits", () => E.iwaePaperComparisonText({ full: true, trainSize: 1, testSize: 0, passes: 1, latentSize: 1, vae: { mean: 0, se: 0, activeUnits: 0 }, iwae50: { mean: 0, se: 0, activeUnits: 0, passes: 1 }, gain: { mean: 0, se: 0 } }), "run.testSize", "iwaePaperComparisonText");
  err("lkCurveTable: SE of the gap ∞", () => E.lkCurveTable([{ k: 1, L: 0, seL: 0, gap: 0, seGap: Infinity }]), "points[0].seGap", "lkCurveTable");
  err("lkRiseChartSpec: k = 2.5", () => E.lkRiseChartSpec([{ model: "a", k: 2.5, rise: 0 }], { title: "t" }), "rows[0].k", "lkRiseChartSpec");
  err("kSweepExplorer: NaN gap", () => E.kSweepExplorer([{ encoder: "q", k: 1, bound: { mean: -1, se: 0 }, gap: { mean: NaN, se: 0 }, logp: 0 }]), "rows[0]", "kSweepExplorer");
  err("presentSeriesColour: a series not in the order", () => E.presentSeriesColour(["b"], ["a"]), "present", "presentSeriesColour");
  err("encoderLkChartSpec: NaN log p(E)", () => E.encoderLkChartSpec([{ encoder: "a", k: 1, bound: { mean: -1, se: 0 } }], { model: "m", logp: NaN, rows: 2, order: ["a"] }), "options.logp", "encoderLkChartSpec");
  err("encoderGapChartSpec: no positive gap", () => E.encoderGapChartSpec([{ encoder: "a", k: 1, gap: { mean: 0, se: 0 } }], { model: "m", rows: 2, order: ["a"], exact: [] }), "points", "encoderGapChartSpec");
  err("diagnoseGapEstimators: negative SE", () => E.diagnoseGapEstimators({ plain: { mean: 0, se: -1 }, controlVariate: { mean: 0, se: 1 }, exact: 0 }), "input.plain.se", "diagnoseGapEstimators");
  return c;
}

function withEnv<T>(name: string, value: string, f: () => T): T {
  const old = process.env[name];
  process.env[name] = value;
  try {
    return f();
  } finally {
    if (old === undefined) delete process.env[name];
    else process.env[name] = old;
  }
}

/** Async cases: rejections that must name the argument and the function. */
const asyncCases: { name: string; run: () => Promise<unknown>; error: [string, string] }[] = [
  { name: "WorkerPool.create: 1e6 workers (before any thread starts)", run: () => E.WorkerPool.create(1e6), error: ["size", "WorkerPool.create"] },
  {
    name: "estimateLogLikelihoodParallel: workers 1e6",
    run: async () => {
      const vae = new E.Vae(vaeConfig, 1);
      try {
        return await E.estimateLogLikelihoodParallel(vae, { images: new Float32Array(4).fill(0.5), n: 1, dim: 4, side: 2 }, { k: 2, seed: 1, workers: 1e6 });
      } finally { vae.dispose(); }
    },
    error: ["options.workers", "estimateLogLikelihoodParallel"],
  },
  {
    name: "trainVaesParallel: workers 1e6",
    run: () => E.trainVaesParallel([], { images: new Float32Array(4).fill(0.5), n: 1, dim: 4, side: 2 }, { workers: 1e6 }),
    error: ["options.workers", "trainVaesParallel"],
  },
  {
    name: "estimateLkCurve: k = 7 is neither within the first chunk of 6 nor a sum of chunk sizes",
    run: async () => {
      const vae = new E.Vae(vaeConfig, 1);
      try {
        return await E.estimateLkCurve(vae, { images: new Float32Array(4).fill(0.5), n: 1, dim: 4, side: 2 }, { ks: [1, 7, 12], chunk: 6, seed: 1, workers: 0 });
      } finally { vae.dispose(); }
    },
    error: ["options.ks", "estimateLkCurve"],
  },
  { name: "initBackend: 'gpu'", run: () => E.initBackend("gpu"), error: ["requested", "initBackend"] },
  { name: "startNotebook: ELBOLAB_SEED=' '", run: () => withEnvAsync("ELBOLAB_SEED", " ", () => E.startNotebook("bad-inputs", { seed: 1 })), error: ["ELBOLAB_SEED", "startNotebook"] },
  { name: "startNotebook: ELBOLAB_SEED=4294967296", run: () => withEnvAsync("ELBOLAB_SEED", "4294967296", () => E.startNotebook("bad-inputs", { seed: 1 })), error: ["ELBOLAB_SEED", "startNotebook"] },
  { name: "startNotebook: options.seed 2^32", run: () => E.startNotebook("bad-inputs", { seed: 2 ** 32 }), error: ["options.seed", "startNotebook"] },
  { name: "polishBetaSweep: rounds 0.5", run: () => E.polishBetaSweep([1, 2], { betas: [1, 2], rounds: 0.5, evaluate: () => ({ reconstruction: [0, 0], kl: [0, 0] }), retrain: async () => [], dispose: () => {} }), error: ["options.rounds", "polishBetaSweep"] },
  { name: "Vae.load: a directory without a model", run: () => E.Vae.load(mkdtempSync(join(tmpdir(), "elbolab-bad-"))), error: ["dir", "Vae.load"] },
  { name: "runProtocol: passes 0", run: () => E.runProtocol({ passes: 0, out: tmpdir() }), error: ["options.passes", "runProtocol"] },
  { name: "runProtocol: model 'vae2'", run: () => E.runProtocol({ passes: 1, out: tmpdir(), models: ["vae2" as "vae"] }), error: ["options.models", "runProtocol"] },
];

async function withEnvAsync<T>(name: string, value: string, f: () => Promise<T>): Promise<T> {
  const old = process.env[name];
  process.env[name] = value;
  try {
    return await f();
  } finally {
    if (old === undefined) delete process.env[name];
    else process.env[name] = old;
  }
}

describe("bad-input suite (issue 11)", () => {
  test("at least 100 cases, each a named error or a correct value; no silent NaN", async () => {
    const table = cases();
    const total = table.length + asyncCases.length + 1;
    assert.ok(total >= 100, `only ${total} cases`);
    const failures: string[] = [];
    let errors = 0, values = 0;
    for (const c of table) {
      try {
        if (c.error) {
          tf.tidy(() => assertArgumentError(() => c.run(), c.error![0], c.error![1]));
          errors++;
        } else {
          let got: number[] = [];
          let expected = { values: NaN as Values, tol: 0 };
          tf.tidy(() => { got = numbers(c.run()); });
          tf.tidy(() => { expected = c.expect!(); });
          const { values: want, tol } = expected;
          const w = typeof want === "number" ? [want] : Array.from(want);
          assert.equal(got.length, w.length, "length");
          got.forEach((g, i) => {
            if (Number.isNaN(g) && !Number.isNaN(w[i])) assert.fail(`silent NaN at ${i}`);
            if (!Object.is(g, w[i])) assert.ok(Math.abs(g - w[i]) <= tol, `value[${i}] ${g}, expected ${w[i]} ± ${tol}`);
          });
          values++;
        }
      } catch (e) {
        failures.push(`${c.name}: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    for (const c of asyncCases) {
      try {
        await assert.rejects(c.run(), (e: Error) => {
          assert.match(e.message, new RegExp(`'${c.error[0]}'`), `names '${c.error[0]}': ${e.message}`);
          assert.match(e.message, new RegExp(`'${c.error[1]}'`), `names '${c.error[1]}': ${e.message}`);
          return true;
        });
        errors++;
      } catch (e) {
        failures.push(`${c.name}: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    console.log(`  bad-input suite: ${table.length + asyncCases.length} cases here (+1 subprocess case): ${errors} named errors, ${values} correct values, ${failures.length} failures`);
    assert.deepEqual(failures, [], failures.join("\n"));
  });

  test("tensor work before initBackend is an error, not a silent cpu backend (fresh process)", () => {
    const script = "const E = require('elbolab'); try { E.tf.tensor([1]); console.log('no error'); } catch (e) { console.log(e.name + ': ' + e.message); }";
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, ELBOLAB_BACKEND: "" } });
    assert.match(r.stdout, /^BackendNotInitialisedError: .*initBackend/m, r.stdout + r.stderr);
  });
});

describe("error paths do not leak tensors", () => {
  test("a failed DiagNormal.fromLogScale leaks nothing", () => {
    const loc = tf.tensor([NaN, 0]);
    const logScale = tf.zeros([2]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) assert.throws(() => E.DiagNormal.fromLogScale(loc, logScale));
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([loc, logScale]);
  });

  test("a failed Vae.load (saved weights of another configuration) leaks none of its 8 variables", async () => {
    const dir = mkdtempSync(join(tmpdir(), "elbolab-load-"));
    const saved = new E.Vae(vaeConfig, 1);
    await saved.save(dir);
    saved.dispose();
    const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    const text = JSON.stringify(json).replace(/"latentSize":2/, '"latentSize":3');
    assert.notEqual(text, JSON.stringify(json), "model.json should hold the VAE config");
    writeFileSync(join(dir, "model.json"), text);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await assert.rejects(E.Vae.load(dir), /Vae\.load/);
    assert.equal(tf.memory().numTensors, before);
  });

  test("named errors on NaN do not leak their result tensors", () => {
    const bad = tf.tensor([[NaN, 1], [0, 2]]);
    const ell = tf.tensor([NaN, 1]);
    const q = E.DiagNormal.standard(2, [2]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      assert.throws(() => E.iwaeBound(bad, 0));
      assert.throws(() => E.elboFromLogWeights(bad, 0));
      assert.throws(() => E.normalizedWeights(bad, 0));
      assert.throws(() => E.effectiveSampleSize(bad, 0));
      assert.throws(() => E.betaElbo(ell, q, q, 1));
    }
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([bad, ell, q.loc, q.scale]);
  });
});
