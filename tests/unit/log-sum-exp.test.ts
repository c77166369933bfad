import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { logSumExp, logMeanExp, reference, tf } from "elbolab";
import { assertArgumentError, assertClose, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

describe("logSumExp / logMeanExp", () => {
  test("match Math.log(Σ Math.exp) on small values, over either axis", () => {
    const rows = [[0.1, -2, 3], [1, 1, 1]];
    const x = tf.tensor(rows);
    assertClose(logSumExp(x, 1).dataSync(), rows.map((r) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0))), 1e-6, 1e-6);
    const cols = [0, 1, 2].map((j) => [rows[0][j], rows[1][j]]);
    assertClose(logSumExp(x, 0).dataSync(), cols.map((c) => Math.log(Math.exp(c[0]) + Math.exp(c[1]))), 1e-6, 1e-6);
    assertClose(logMeanExp(x, -1).dataSync(), rows.map((r) => reference.logMeanExp64(r)), 1e-6, 1e-6);
    assert.deepEqual(logSumExp(x, 1, true).shape, [2, 1]);
  });

  test("stay finite for log-weights near -1e4 and +1e4 (no underflow or overflow)", () => {
    const values = [-10000, -10001, -10002.5];
    assertClose(logMeanExp(tf.tensor([values]), 1).dataSync(), [reference.logMeanExp64(values)], 0, 1e-6);
    const big = [10000, 9999];
    assertClose(logSumExp(tf.tensor([big]), 1).dataSync(), [reference.logSumExp64(big)], 0, 1e-6);
  });

  test("equal entries give that value for logMeanExp", () => {
    assertClose(logMeanExp(tf.fill([7, 3], -3.25), 0).dataSync(), [-3.25, -3.25, -3.25], 1e-6);
  });

  test("an all -Infinity slice gives -Infinity, not NaN; +Infinity gives +Infinity", () => {
    const out = logSumExp(tf.tensor([[-Infinity, -Infinity], [0, Infinity]]), 1).dataSync();
    assert.equal(out[0], -Infinity);
    assert.equal(out[1], Infinity);
  });

  test("the gradient of logSumExp is the softmax", () => {
    const x = tf.tensor([0.5, -1, 2]);
    const g = tf.grad((v: tf.Tensor) => logSumExp(v, 0))(x).dataSync();
    const z = [0.5, -1, 2].map(Math.exp);
    const s = z.reduce((a, b) => a + b, 0);
    assertClose(g, z.map((v) => v / s), 1e-6);
  });

  test("the axis is required and checked", () => {
    const x = tf.zeros([2, 3]);
    assertArgumentError(() => logSumExp(x, 2), "axis", "logSumExp");
    assertArgumentError(() => logMeanExp(x, 0.5), "axis", "logMeanExp");
    assertArgumentError(() => logSumExp(x, undefined as unknown as number), "axis", "logSumExp");
  });

  test("do not leak tensors", () => {
    const x = tf.randomNormal([10, 4], 0, 1, "float32", 1);
    assertNoTensorLeak(() => {
      logSumExp(x, 0).dispose();
      logMeanExp(x, 1, true).dispose();
    });
  });
});
