import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Mlp, Random, tf } from "elbolab";
import { assertArgumentError, assertClose, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

describe("Mlp", () => {
  test("variables W0,b0,W1,b1 have the layer shapes; output keeps leading dimensions", () => {
    const net = new Mlp({ sizes: [3, 5, 2], seed: 1 });
    assert.deepEqual(net.variables.map((v) => v.shape), [[3, 5], [5], [5, 2], [2]]);
    const y = net.apply(tf.ones([4, 6, 3]));
    assert.deepEqual(y.shape, [4, 6, 2]);
    assert.deepEqual(net.apply(tf.ones([3])).shape, [2]);
    net.dispose();
  });

  test("Glorot-uniform weights within ±sqrt(6/(fan_in+fan_out)), zero biases", () => {
    const net = new Mlp({ sizes: [10, 30], seed: 2 });
    const a = Math.sqrt(6 / 40);
    const w = Array.from(net.variables[0].dataSync());
    assert.ok(w.every((x) => Math.abs(x) <= a));
    // variance of U(-a, a) is a²/3; 300 draws: check within 5 standard errors of the variance estimate
    const v = w.reduce((s, x) => s + x * x, 0) / w.length;
    assert.ok(Math.abs(v - (a * a) / 3) < 5 * (a * a * Math.sqrt(4 / 45)) / Math.sqrt(w.length), `variance ${v}`);
    assertClose(net.variables[1].dataSync(), new Array(30).fill(0), 0);
    net.dispose();
  });

  test("the forward pass matches a plain computation (tanh hidden, linear output)", () => {
    const net = new Mlp({ sizes: [2, 3, 1], seed: 4 });
    const [w0, b0, w1, b1] = net.variables.map((v) => Array.from(v.dataSync()));
    const x = [0.3, -1.2];
    const h = [0, 1, 2].map((j) => Math.tanh(x[0] * w0[j] + x[1] * w0[3 + j] + b0[j]));
    const expected = h.reduce((s, hj, j) => s + hj * w1[j], b1[0]);
    assertClose(net.apply(tf.tensor([x])).dataSync(), [expected], 1e-5, 1e-5);
    const relu = new Mlp({ sizes: [2, 3, 1], seed: 4, activation: "relu" });
    const hr = [0, 1, 2].map((j) => Math.max(0, x[0] * w0[j] + x[1] * w0[3 + j] + b0[j]));
    assertClose(relu.apply(tf.tensor([x])).dataSync(), [hr.reduce((s, hj, j) => s + hj * w1[j], b1[0])], 1e-5, 1e-5);
    net.dispose();
    relu.dispose();
  });

  test("the same seed gives the same weights; another seed does not; a Random advances", () => {
    const a = new Mlp({ sizes: [4, 8, 2], seed: 7 });
    const b = new Mlp({ sizes: [4, 8, 2], seed: 7, name: "other" });
    const c = new Mlp({ sizes: [4, 8, 2], seed: 8 });
    a.variables.forEach((v, i) => assertClose(v.dataSync(), b.variables[i].dataSync(), 0));
    assert.notDeepEqual(Array.from(a.variables[0].dataSync()), Array.from(c.variables[0].dataSync()));
    const rng = new Random(7);
    const d = new Mlp({ sizes: [4, 8, 2], seed: rng });
    const e = new Mlp({ sizes: [4, 8, 2], seed: rng });
    assertClose(d.variables[0].dataSync(), a.variables[0].dataSync(), 0);
    assert.notDeepEqual(Array.from(d.variables[0].dataSync()), Array.from(e.variables[0].dataSync()));
    for (const n of [a, b, c, d, e]) n.dispose();
  });

  test("gradients reach every variable", () => {
    const net = new Mlp({ sizes: [2, 4, 1], seed: 3 });
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(net.apply(tf.tensor([[1, 2], [-1, 0.5]])))) as tf.Scalar, net.variables);
    assert.equal(Object.keys(grads).length, 4);
    tf.dispose(grads);
    net.dispose();
  });

  test("no tensor leak: apply keeps nothing, dispose frees the variables", () => {
    const net = new Mlp({ sizes: [3, 6, 2], seed: 5 });
    const x = tf.ones([7, 3]);
    assertNoTensorLeak(() => net.apply(x).dispose());
    net.dispose();
    assertNoTensorLeak(() => new Mlp({ sizes: [3, 6, 2], seed: 5 }).dispose());
    x.dispose();
  });

  test("bad configuration and inputs are errors naming the argument and the function", () => {
    assertArgumentError(() => new Mlp({ sizes: [3], seed: 1 }), "config.sizes", "Mlp");
    assertArgumentError(() => new Mlp({ sizes: [3, 0], seed: 1 }), "config.sizes[1]", "Mlp");
    assertArgumentError(() => new Mlp({ sizes: [3, 2.5], seed: 1 }), "config.sizes[1]", "Mlp");
    assertArgumentError(() => new Mlp({ sizes: [3, 2], seed: 1, activation: "sigmoid" as "tanh" }), "config.activation", "Mlp");
    assertArgumentError(() => new Mlp({ sizes: [3, 2], seed: -1 }), "seed", "Mlp");
    const net = new Mlp({ sizes: [3, 2], seed: 1 });
    assertArgumentError(() => net.apply(tf.ones([4, 2])), "x", "Mlp.apply");
    net.dispose();
  });
});
