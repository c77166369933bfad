import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DiagNormal, Bernoulli, kl, klDiagNormal, reference, meanAndStandardError, Random, tf } from "elbolab";
import { assertArgumentError, assertClose, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

const loc = [[0.5, -1, 2], [0, 0, 0]];
const scale = [[1, 0.5, 2], [1, 1, 1]];

describe("DiagNormal", () => {
  test("logProb matches the float64 reference", () => {
    const d = new DiagNormal(tf.tensor(loc), tf.tensor(scale));
    const x = [[0.3, -0.2, 1], [1, -1, 2]];
    const expected = x.map((row, i) => reference.diagNormalLogProb64(row, loc[i], scale[i]));
    assertClose(d.logProb(tf.tensor(x)).dataSync(), expected, 1e-5, 1e-6);
  });

  test("rsample returns μ + σε and the log-density of that value, from one draw", () => {
    const d = new DiagNormal(tf.tensor(loc), tf.tensor(scale));
    const { value, logProb } = d.rsample(11, [4]);
    assert.deepEqual(value.shape, [4, 2, 3]);
    assert.deepEqual(logProb.shape, [4, 2]);
    assertClose(logProb.dataSync(), d.logProb(value).dataSync(), 1e-4, 1e-5);
    // the same seed gives the same sample, and sample() uses the same noise
    assertClose(d.rsample(11, [4]).value.dataSync(), value.dataSync(), 0);
    assertClose(d.sample(11, [4]).dataSync(), value.dataSync(), 0);
  });

  test("sample moments match μ and σ within standard errors", () => {
    const d = new DiagNormal(tf.tensor([[1, -2]]), tf.tensor([[0.5, 3]]));
    const s = d.sample(new Random(5), [20000]).reshape([20000, 2]).arraySync() as number[][];
    for (const [j, mu] of [1, -2].entries()) {
      const m = meanAndStandardError(s.map((r) => r[j]));
      assert.ok(Math.abs(m.mean - mu) < 4 * m.se, `coordinate ${j}: ${m.mean} vs ${mu} ± ${m.se}`);
    }
  });

  test("the reparameterised sample carries gradients to μ and σ; sample() does not", () => {
    const mu = tf.tensor([[0.2, 0.4]]);
    const sigma = tf.tensor([[1.5, 0.5]]);
    const eps = new Random(3).normalArray(2);
    const [gMu, gSigma] = tf.grads((m: tf.Tensor, s: tf.Tensor) =>
      tf.sum(new DiagNormal(m, s, { validate: false }).rsample(3).value))([mu, sigma]);
    assertClose(gMu.dataSync(), [1, 1], 1e-6);
    assertClose(gSigma.dataSync(), eps, 1e-6);
    const g = tf.grad((m: tf.Tensor) => tf.sum(new DiagNormal(m, sigma, { validate: false }).sample(3)))(mu);
    assertClose(g.dataSync(), [0, 0], 0);
  });

  test("entropy equals -E[log q] in closed form", () => {
    const d = new DiagNormal(tf.tensor([[0, 0]]), tf.tensor([[2, 0.5]]));
    const expected = 2 * (0.5 * Math.log(2 * Math.PI * Math.E)) + Math.log(2) + Math.log(0.5);
    assertClose(d.entropy().dataSync(), [expected], 1e-6);
  });

  test("bad arguments are errors naming the argument", () => {
    assertArgumentError(() => new DiagNormal(tf.tensor([[0, 0]]), tf.tensor([[1, 0]])), "scale", "DiagNormal");
    assertArgumentError(() => new DiagNormal(tf.tensor([[0, 0]]), tf.tensor([[1, -1]])), "scale", "DiagNormal");
    assertArgumentError(() => new DiagNormal(tf.tensor([[0, NaN]]), tf.tensor([[1, 1]])), "loc", "DiagNormal");
    assertArgumentError(() => new DiagNormal(tf.tensor([[0, 0]]), tf.tensor([[1, 1, 1]])), "scale", "DiagNormal");
    assertArgumentError(() => DiagNormal.standard(2).logProb(tf.zeros([3])), "x", "DiagNormal.logProb");
  });
});

describe("Bernoulli", () => {
  test("logProb matches the float64 reference, including large logits", () => {
    const logits = [[-30, 0.3, 40], [1, -2, 0]];
    const x = [[0, 1, 1], [1, 0, 0.5]];
    const b = new Bernoulli(tf.tensor(logits));
    assertClose(b.logProb(tf.tensor(x)).dataSync(), x.map((r, i) => reference.bernoulliLogProb64(r, logits[i])), 1e-4, 1e-6);
  });

  test("fromProbs and probs round-trip; samples have mean p", () => {
    const b = Bernoulli.fromProbs(tf.tensor([[0.2, 0.9]]));
    assertClose(b.probs().dataSync(), [0.2, 0.9], 1e-6);
    const s = b.sample(4, [50000]).reshape([50000, 2]).arraySync() as number[][];
    for (const [j, p] of [0.2, 0.9].entries()) {
      const m = meanAndStandardError(s.map((r) => r[j]));
      assert.ok(Math.abs(m.mean - p) < 4 * m.se, `coordinate ${j}: ${m.mean} vs ${p}`);
    }
  });

  test("probabilities or data outside [0, 1] and NaN are errors", () => {
    assertArgumentError(() => Bernoulli.fromProbs(tf.tensor([[1.2]])), "probs", "Bernoulli.fromProbs");
    assertArgumentError(() => Bernoulli.fromProbs(tf.tensor([[NaN]])), "probs", "Bernoulli.fromProbs");
    assertArgumentError(() => new Bernoulli(tf.tensor([[0]])).logProb(tf.tensor([[2]])), "x", "Bernoulli.logProb");
    assertArgumentError(() => new Bernoulli(tf.tensor([[NaN]])), "logits", "Bernoulli");
  });
});

describe("kl", () => {
  test("KL(DiagNormal || DiagNormal) matches the float64 formula and is 0 for equal arguments", () => {
    const mq = [[0.1, 0.2, 0.3], [1, 1, 1]];
    const sq = [[2, 1, 0.3], [1, 1, 1]];
    const p = new DiagNormal(tf.tensor(loc), tf.tensor(scale));
    const q = new DiagNormal(tf.tensor(mq), tf.tensor(sq));
    assertClose(kl(p, q).dataSync(), loc.map((_, i) => reference.klDiagNormal64(loc[i], scale[i], mq[i], sq[i])), 1e-5, 1e-5);
    assertClose(klDiagNormal(p, p).dataSync(), [0, 0], 1e-6);
  });

  test("the analytic KL agrees with a Monte Carlo estimate within 4 standard errors", () => {
    const p = new DiagNormal(tf.tensor([[0.5, -1]]), tf.tensor([[0.7, 1.3]]));
    const q = new DiagNormal(tf.tensor([[0, 0]]), tf.tensor([[1, 2]]));
    const x = p.sample(21, [40000]);
    const diffs = tf.sub(p.logProb(x), q.logProb(x)).dataSync();
    const m = meanAndStandardError(diffs);
    const exact = kl(p, q).dataSync()[0];
    assert.ok(Math.abs(m.mean - exact) < 4 * m.se, `MC ${m.mean} ± ${m.se} vs exact ${exact}`);
  });

  test("KL(Bernoulli || Bernoulli) matches the definition", () => {
    const p = Bernoulli.fromProbs(tf.tensor([[0.3, 0.8]]));
    const q = Bernoulli.fromProbs(tf.tensor([[0.5, 0.1]]));
    const f = (a: number, b: number) => a * Math.log(a / b) + (1 - a) * Math.log((1 - a) / (1 - b));
    assertClose(kl(p, q).dataSync(), [f(0.3, 0.5) + f(0.8, 0.1)], 1e-5, 1e-5);
  });

  test("an unregistered pair is an error naming both classes", () => {
    assert.throws(() => kl(DiagNormal.standard(2), new Bernoulli(tf.zeros([2]))), /KL\(DiagNormal \|\| Bernoulli\)/);
  });

  test("distributions and KL do not leak tensors", () => {
    const p = new DiagNormal(tf.tensor([[0.5, -1]]), tf.tensor([[0.7, 1.3]]));
    const q = DiagNormal.standard(2);
    const x = tf.zeros([1, 2]);
    assertNoTensorLeak(() => {
      kl(p, q).dispose();
      const s = p.rsample(1, [3]);
      s.value.dispose();
      s.logProb.dispose();
      p.logProb(x).dispose();
    });
  });
});
