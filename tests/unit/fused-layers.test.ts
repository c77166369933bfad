/**
 * The fused computation of the networks (lib/nn/dense.ts, sum-softplus.ts, bernoulli-output.ts and the
 * sigmoid form of tanh layers in Mlp) against the plain formulation (tf.matMul + add + tanh, Bernoulli
 * logProb with softplus) and float64 references computed here. Tolerances are the a-priori float32
 * bound of a sum of n terms, γ_n · Σ|terms| with γ_n = n·u/(1 - n·u), u = 2^-24 (Higham 2002, §3.1),
 * with n the length of the longest chain of roundings in the computation (stated at each use).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Bernoulli, Mlp, Random, Vae, bernoulliLogLikelihood, dense, matMul, sumSoftplus, tf } from "elbolab";
import { assertArgumentError, assertClose, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

const U = 2 ** -24;
const gamma = (n: number) => (n * U) / (1 - n * U);

function randomArray(n: number, rng: Random, scale = 1): number[] {
  return Array.from({ length: n }, () => scale * rng.normal());
}

/** Elementwise comparison with tolerance γ_n · scale[i] (scale: float64 Σ|terms| of each value). */
function assertWithinBound(actual: ArrayLike<number>, expected: ArrayLike<number>, scale: ArrayLike<number>, n: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) {
    const tol = gamma(n) * scale[i];
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (bound ${tol})`);
  }
}

const softplus64 = (l: number) => Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
const sigmoid64 = (z: number) => 1 / (1 + Math.exp(-z));

describe("dense and matMul (fused kernel, explicit-transpose gradients)", () => {
  const rng = new Random(11);
  const [N, n, m] = [7, 5, 3];
  const A = randomArray(N * n, rng), W = randomArray(n * m, rng), B = randomArray(m, rng), R = randomArray(N * m, rng);
  const z64 = (r: number, j: number) => B[j] + Array.from({ length: n }, (_, i) => A[r * n + i] * W[i * m + j]).reduce((s, v) => s + v, 0);
  const zAbs = (r: number, j: number) => Math.abs(B[j]) + Array.from({ length: n }, (_, i) => Math.abs(A[r * n + i] * W[i * m + j])).reduce((s, v) => s + v, 0);
  const phi = { linear: (z: number) => z, sigmoid: sigmoid64, relu: (z: number) => Math.max(z, 0) };
  const dphi = { linear: () => 1, sigmoid: (z: number) => sigmoid64(z) * (1 - sigmoid64(z)), relu: (z: number) => (z > 0 ? 1 : 0) };

  for (const act of ["linear", "sigmoid", "relu"] as const) {
    test(`${act}: value and gradients of Σ r ⊙ φ(aW + b) equal float64 within the float32 bound`, () => {
      const a = tf.tensor2d(A, [N, n]), w = tf.tensor2d(W, [n, m]), b = tf.tensor1d(B), r = tf.tensor2d(R, [N, m]);
      const y = dense(a, w, b, act);
      const idx = Array.from({ length: N * m }, (_, i) => [Math.floor(i / m), i % m]);
      // φ is 1-Lipschitz (σ: ¼), so the error of z (n + 1 terms) bounds that of y; + one rounding of φ
      assertWithinBound(y.dataSync(), idx.map(([r_, j]) => phi[act](z64(r_, j))), idx.map(([r_, j]) => zAbs(r_, j) + Math.abs(phi[act](z64(r_, j)))), n + 4, "y");
      const g = tf.grads((a_, w_, b_) => tf.sum(tf.mul(dense(a_ as tf.Tensor2D, w_ as tf.Tensor2D, b_ as tf.Tensor1D, act), r)))([a, w, b]);
      const dz = idx.map(([r_, j]) => R[r_ * m + j] * dphi[act](z64(r_, j)));
      const da = Array.from({ length: N * n }, (_, q) => { const [r_, i] = [Math.floor(q / n), q % n]; return Array.from({ length: m }, (_, j) => dz[r_ * m + j] * W[i * m + j]); });
      const dw = Array.from({ length: n * m }, (_, q) => { const [i, j] = [Math.floor(q / m), q % m]; return Array.from({ length: N }, (_, r_) => A[r_ * n + i] * dz[r_ * m + j]); });
      const db = Array.from({ length: m }, (_, j) => Array.from({ length: N }, (_, r_) => dz[r_ * m + j]));
      const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0), abs = (xs: number[]) => sum(xs.map(Math.abs));
      // dz carries the error of z (n + 4 roundings, relative to its scale) and a few of its own
      const k = n + N + 8;
      assertWithinBound(g[0].dataSync(), da.map(sum), da.map(abs).map((s, q) => s + Math.abs(sum(da[q])) + 1e-30), k, "∂a");
      assertWithinBound(g[1].dataSync(), dw.map(sum), dw.map(abs).map((s, q) => s + Math.abs(sum(dw[q])) + 1e-30), k, "∂W");
      assertWithinBound(g[2].dataSync(), db.map(sum), db.map(abs).map((s, q) => s + Math.abs(sum(db[q])) + 1e-30), k, "∂b");
      tf.dispose([a, w, b, r, y, ...g]);
    });
  }

  test("matMul: gradients are those of tf.matMul (plain autodiff) within the float32 bound", () => {
    const a = tf.tensor2d(A, [N, n]), w = tf.tensor2d(W, [n, m]), r = tf.tensor2d(R, [N, m]);
    const ours = tf.grads((a_, w_) => tf.sum(tf.mul(matMul(a_ as tf.Tensor2D, w_ as tf.Tensor2D), r)))([a, w]);
    const plain = tf.grads((a_, w_) => tf.sum(tf.mul(tf.matMul(a_ as tf.Tensor2D, w_ as tf.Tensor2D), r)))([a, w]);
    const absScale = (t: tf.Tensor, n_: number) => Array.from(t.dataSync(), () => n_ * Math.max(...R.map(Math.abs)) * Math.max(...W.map(Math.abs), ...A.map(Math.abs)));
    assertWithinBound(ours[0].dataSync(), plain[0].dataSync(), absScale(ours[0], m), 2 * m, "∂a");
    assertWithinBound(ours[1].dataSync(), plain[1].dataSync(), absScale(ours[1], N), 2 * N, "∂W");
    tf.dispose([a, w, r, ...ours, ...plain]);
  });

  test("no tensor leak; bad shapes are errors naming the argument", () => {
    const a = tf.ones([4, 3]) as tf.Tensor2D, w = tf.ones([3, 2]) as tf.Tensor2D, b = tf.zeros([2]) as tf.Tensor1D;
    assertNoTensorLeak(() => tf.dispose(tf.grads((x, y, z) => tf.sum(dense(x as tf.Tensor2D, y as tf.Tensor2D, z as tf.Tensor1D, "sigmoid")))([a, w, b])));
    assertNoTensorLeak(() => tf.dispose(tf.grads((x, y) => tf.sum(matMul(x as tf.Tensor2D, y as tf.Tensor2D)))([a, w])));
    assertArgumentError(() => dense(a, tf.ones([2, 2]) as tf.Tensor2D, b), "w", "dense");
    assertArgumentError(() => dense(a, w, tf.zeros([3]) as tf.Tensor1D), "b", "dense");
    assertArgumentError(() => dense(a, w, b, "tanh" as "linear"), "activation", "dense");
    assertArgumentError(() => matMul(a, a), "a", "matMul");
    tf.dispose([a, w, b]);
  });
});

describe("sumSoftplus (one sigmoid pass, grouped logarithms)", () => {
  for (const D of [1, 7, 250, 784]) {
    test(`D = ${D}: Σ softplus and its gradient σ(l) equal float64 within the float32 bound (logits up to ±40)`, () => {
      const rng = new Random(D);
      const rows = 6;
      const L = randomArray(rows * D, rng, 8).map((v, i) => (i % 17 === 0 ? 40 * Math.sign(v) : v));
      const l = tf.tensor2d(L, [rows, D]);
      const [value, grad] = tf.tidy(() => {
        const { value: v, grad: g } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(tf.mul(sumSoftplus(t), tf.range(1, rows + 1))))(l);
        return [sumSoftplus(l), g];
      });
      const rowsOf = (f: (x: number) => number) => Array.from({ length: rows }, (_, r) => L.slice(r * D, (r + 1) * D).map(f));
      const exact = rowsOf(softplus64).map((xs) => xs.reduce((s, v) => s + v, 0));
      // per value: σ(|l|) within 2 roundings (≤ 2u), so -log of it within 4u absolute (σ(|l|) ≥ ½), plus the
      // sums of D terms: bound γ_{D+4} · (Σ softplus + Σ max(l, 0) + 4D)
      const scale = rowsOf((x) => softplus64(x) + Math.max(x, 0) + 4).map((xs) => xs.reduce((s, v) => s + v, 0));
      assertWithinBound(value.dataSync(), exact, scale, D + 4, "Σ softplus");
      // ∂/∂l = (row weight) · σ(l): the backend's sigmoid times the weight (one rounding), i.e. the gradient of the
      // plain formulation tf.sum(tf.softplus(l)), whose autodiff is also weight · tf.sigmoid(l)
      const plain = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.sum(tf.softplus(t), -1), tf.range(1, rows + 1))))(l);
      const p = plain.dataSync();
      assertWithinBound(grad.dataSync(), p, Array.from(p, Math.abs), 2, "gradient vs plain autodiff");
      // and against float64: the backend's sigmoid is not correctly rounded (XNNPACK's approximation); its
      // relative error on these inputs, measured here, plus the product's rounding bounds our gradient's
      const sig = tf.sigmoid(l).dataSync();
      const epsSigmoid = Math.max(...L.map((x, i) => Math.abs(sig[i] - sigmoid64(x)) / sigmoid64(x)));
      const expectedGrad = L.map((x, i) => (Math.floor(i / D) + 1) * sigmoid64(x));
      grad.dataSync().forEach((g, i) => assert.ok(Math.abs(g - expectedGrad[i]) <= (epsSigmoid + 2 * U) * expectedGrad[i], `gradient[${i}]`));
      tf.dispose([l, value, grad, plain]);
    });
  }

  test("leading axes are kept; no tensor leak; a non-tensor is an error naming the argument", () => {
    const l = tf.ones([2, 3, 5]);
    assert.deepEqual(sumSoftplus(l).shape, [2, 3]);
    assertNoTensorLeak(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(sumSoftplus(t)))(l)));
    assertArgumentError(() => sumSoftplus(3 as unknown as tf.Tensor), "logits", "sumSoftplus");
    l.dispose();
  });
});

describe("the sigmoid form of tanh networks and the Bernoulli output layer", () => {
  /** The plain formulation, as it was computed before: matMul + bias + tanh, linear output. */
  function plainApply(net: Mlp, x: tf.Tensor2D): tf.Tensor2D {
    const L = net.sizes.length - 1;
    let a = x;
    for (let l = 0; l < L; l++) {
      const z = tf.add(tf.matMul(a, net.variables[2 * l] as tf.Tensor2D), net.variables[2 * l + 1]) as tf.Tensor2D;
      a = l + 1 < L ? tf.tanh(z) : z;
    }
    return a;
  }

  /** Float64 forward pass of the tanh network and, per output, Σ|terms| of its last layer. */
  function forward64(net: Mlp, X: number[], rows: number): { y: number[]; scale: number[] } {
    const w = net.variables.map((v) => Array.from(v.dataSync()));
    let a = X, scale: number[] = [];
    const L = net.sizes.length - 1;
    for (let l = 0; l < L; l++) {
      const [ni, no] = [net.sizes[l], net.sizes[l + 1]];
      const next: number[] = [], sc: number[] = [];
      for (let r = 0; r < rows; r++) for (let j = 0; j < no; j++) {
        let z = w[2 * l + 1][j], s = Math.abs(z);
        for (let i = 0; i < ni; i++) { z += a[r * ni + i] * w[2 * l][i * no + j]; s += Math.abs(a[r * ni + i] * w[2 * l][i * no + j]); }
        next.push(l + 1 < L ? Math.tanh(z) : z); sc.push(s);
      }
      a = next; scale = sc;
    }
    return { y: a, scale };
  }

  test("Mlp.apply (sigmoid form) equals the float64 tanh network and the plain float32 one", () => {
    const net = new Mlp({ sizes: [6, 9, 8, 5], seed: 3 });
    const rows = 4;
    const X = randomArray(rows * 6, new Random(5));
    const x = tf.tensor2d(X, [rows, 6]);
    const ours = net.apply(x), plain = plainApply(net, x);
    const { y, scale } = forward64(net, X, rows);
    // each layer: a sum of ≤ 10 terms, the folding (×2, ×4, column sums of ≤ 9) and σ: ≤ 3·(10 + 12) roundings
    // relative to the output's Σ|terms| (tanh, σ are contractions)
    const n = 3 * 22;
    assertWithinBound(ours.dataSync(), y, scale, n, "sigmoid form vs float64");
    assertWithinBound(plain.dataSync(), y, scale, n, "plain vs float64 (the same bound holds for the old form)");
    tf.dispose([x, ours, plain]);
    net.dispose();
  });

  test("Mlp gradients (autodiff through the folding) equal those of the plain formulation", () => {
    const net = new Mlp({ sizes: [6, 9, 8, 5], seed: 3 });
    const x = tf.tensor2d(randomArray(4 * 6, new Random(6)), [4, 6]);
    const r = tf.tensor2d(randomArray(4 * 5, new Random(7)), [4, 5]);
    const ours = tf.variableGrads(() => tf.sum(tf.mul(net.apply(x), r)) as tf.Scalar, net.variables).grads;
    const plain = tf.variableGrads(() => tf.sum(tf.mul(plainApply(net, x), r)) as tf.Scalar, net.variables).grads;
    for (const v of net.variables) {
      const p = plain[v.name].dataSync();
      const m = Math.max(...Array.from(p, Math.abs));
      // backward through 3 layers of ≤ 9-term sums plus the forward error: 3·(9 + 22 + 4) roundings of values ≤ (4·9·max|g|)
      assertWithinBound(ours[v.name].dataSync(), p, Array.from(p, () => 4 * 9 * m), 3 * 35, `∂${v.name}`);
    }
    tf.dispose([x, r, ...Object.values(ours), ...Object.values(plain)]);
    net.dispose();
  });

  test("relu networks compute as before (variables unchanged, one fused kernel per layer)", () => {
    const net = new Mlp({ sizes: [6, 9, 5], seed: 3, activation: "relu" });
    const x = tf.tensor2d(randomArray(4 * 6, new Random(8)), [4, 6]);
    const plain = tf.tidy(() => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, net.variables[0] as tf.Tensor2D), net.variables[1])) as tf.Tensor2D, net.variables[2] as tf.Tensor2D), net.variables[3]));
    const scale = Array.from(plain.dataSync(), () => 9 * 6 * Math.max(...Array.from(plain.dataSync(), Math.abs)));
    assertWithinBound(net.apply(x).dataSync(), plain.dataSync(), scale, 20, "relu");
    tf.dispose([x, plain]);
    net.dispose();
  });

  test("bernoulliLogLikelihood = Σ x·l - softplus(l) (Bernoulli.logProb of the logits, and float64)", () => {
    const rng = new Random(9);
    const [k, B, H, D] = [3, 4, 6, 10];
    const S = randomArray(k * B * H, rng).map(sigmoid64), Wv = randomArray(H * D, rng, 2), C = randomArray(D, rng);
    const X = Array.from({ length: B * D }, () => (rng.uniform() < 0.4 ? 1 : 0));
    const s = tf.tensor3d(S, [k, B, H]), w = tf.tensor2d(Wv, [H, D]), c = tf.tensor1d(C), x = tf.tensor2d(X, [B, D]);
    const ours = bernoulliLogLikelihood(x, s, w, c);
    assert.deepEqual(ours.shape, [k, B]);
    const logits = tf.add(tf.matMul(tf.reshape(s, [k * B, H]), w), c).reshape([k, B, D]);
    const plain = new Bernoulli(logits, { validate: false }).logProb(x);
    const exact: number[] = [], scale: number[] = [];
    for (let i = 0; i < k * B; i++) {
      const b = i % B;
      let lp = 0, sc = 0;
      for (let d = 0; d < D; d++) {
        let l = C[d], ls = Math.abs(C[d]);
        for (let j = 0; j < H; j++) { l += S[i * H + j] * Wv[j * D + d]; ls += Math.abs(S[i * H + j] * Wv[j * D + d]); }
        lp += X[b * D + d] * l - softplus64(l);
        sc += 2 * ls + softplus64(l) + Math.max(l, 0) + 4;
      }
      exact.push(lp); scale.push(sc);
    }
    const n = D + H + 8;
    assertWithinBound(ours.dataSync(), exact, scale, n, "ours vs float64");
    assertWithinBound(plain.dataSync(), exact, scale, n, "plain vs float64 (the same bound)");
    assertArgumentError(() => bernoulliLogLikelihood(x, tf.ones([k, B + 1, H]), w, c), "s", "bernoulliLogLikelihood");
    assertArgumentError(() => bernoulliLogLikelihood(tf.ones([B, D + 1]) as tf.Tensor2D, s, w, c), "x", "bernoulliLogLikelihood");
    tf.dispose([s, w, c, x, ours, logits, plain]);
  });

  test("Vae.logLikelihood equals decode(h).logProb(x), values and gradients; no tensor leak", () => {
    const vae = new Vae({ inputSize: 12, hidden: [8, 7], latentSize: 3 }, 4);
    const rng = new Random(10);
    const x = tf.tensor2d(Array.from({ length: 5 * 12 }, () => (rng.uniform() < 0.3 ? 1 : 0)), [5, 12]);
    const h = tf.tensor3d(randomArray(2 * 5 * 3, rng), [2, 5, 3]);
    const ours = vae.logLikelihood(x, h), plain = vae.decode(h).logProb(x);
    const scale = Array.from(plain.dataSync(), (v) => 40 * (Math.abs(v) + 12));
    assertWithinBound(ours.dataSync(), plain.dataSync(), scale, 3 * 22 + 12, "log p(x | h)");
    const g1 = tf.variableGrads(() => tf.sum(vae.logLikelihood(x, h)) as tf.Scalar, vae.decoder.variables).grads;
    const g2 = tf.variableGrads(() => tf.sum(vae.decode(h).logProb(x)) as tf.Scalar, vae.decoder.variables).grads;
    for (const v of vae.decoder.variables) {
      const p = g2[v.name].dataSync();
      const m = Math.max(...Array.from(p, Math.abs));
      assertWithinBound(g1[v.name].dataSync(), p, Array.from(p, () => 10 * 12 * m), 3 * 35 + 12, `∂${v.name}`);
    }
    assertNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(vae.objective(x, { kind: "iwae", k: 3 }, 1)) as tf.Scalar, vae.variables);
      tf.dispose([value, ...Object.values(grads)]);
    });
    assertArgumentError(() => vae.logLikelihood(x, tf.ones([2, 4, 3])), "h", "Vae.logLikelihood");
    tf.dispose([x, h, ours, plain, ...Object.values(g1), ...Object.values(g2)]);
    vae.dispose();
  });
});
