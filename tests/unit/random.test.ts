import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Random, randomNormal, randomUniform, meanAndStandardError, tf } from "elbolab";
import { assertArgumentError, useBackend } from "./setup";

useBackend();

describe("Random", () => {
  test("the same seed gives the same stream; another seed a different one", () => {
    const a = new Random(7).normalArray(100);
    const b = new Random(7).normalArray(100);
    const c = new Random(8).normalArray(100);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  test("uniforms lie in [0, 1) with mean 1/2 within 4 standard errors", () => {
    const u = new Random(1).uniformArray(100_000);
    assert.ok(u.every((v) => v >= 0 && v < 1));
    const { mean, se } = meanAndStandardError(u);
    assert.ok(Math.abs(mean - 0.5) < 4 * se, `mean ${mean}, se ${se}`);
  });

  test("normals have mean 0 and variance 1 within their standard errors", () => {
    const x = Array.from(new Random(2).normalArray(200_000), Number);
    const m = meanAndStandardError(x);
    assert.ok(Math.abs(m.mean) < 4 * m.se, `mean ${m.mean}`);
    const sq = meanAndStandardError(x.map((v) => v * v));
    assert.ok(Math.abs(sq.mean - 1) < 4 * sq.se, `E[x²] ${sq.mean} ± ${sq.se}`);
  });

  test("fork depends on the seed and the keys, not on the parent's position", () => {
    const p = new Random(3);
    const f1 = p.fork(5).normalArray(10);
    p.normalArray(1234);
    assert.deepEqual(p.fork(5).normalArray(10), f1);
    assert.notDeepEqual(p.fork(6).normalArray(10), f1);
    assert.notDeepEqual(p.fork(5, 0).normalArray(10), f1);
  });

  test("permutation is a permutation", () => {
    const perm = Array.from(new Random(4).permutation(50)).sort((a, b) => a - b);
    assert.deepEqual(perm, Array.from({ length: 50 }, (_, i) => i));
  });

  test("tensor draws are reproducible from a number seed and advance with a Random", () => {
    assert.deepEqual(randomNormal([3, 2], 9).arraySync(), randomNormal([3, 2], 9).arraySync());
    const rng = new Random(9);
    const first = randomUniform([4], rng).arraySync();
    const second = randomUniform([4], rng).arraySync();
    assert.notDeepEqual(first, second);
    assert.equal(randomNormal([2, 3], 1).dtype, "float32");
    tf.disposeVariables();
  });

  test("bad seeds and shapes are errors naming the argument", () => {
    assertArgumentError(() => new Random(-1), "seed", "Random");
    assertArgumentError(() => new Random(1.5), "seed", "Random");
    assertArgumentError(() => randomNormal([2], Number.NaN), "seed", "randomNormal");
    assertArgumentError(() => randomNormal([2, -1], 0), "shape[1]", "randomNormal");
    assertArgumentError(() => new Random(0).integer(0), "n", "Random.integer");
  });
});
