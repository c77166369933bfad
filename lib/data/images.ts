/**
 * A set of n flattened images (row-major, `side` × `side` pixels in [0, 1]) with optional labels and
 * known generative factors: the common currency of the data loaders and generators. `images` has
 * length n · dim, dim = side².
 */
import { ArgumentError, assertInteger } from "../errors";

export interface ImageSet {
  /** n · dim pixel values in [0, 1], image i at [i·dim, (i+1)·dim). */
  images: Float32Array;
  n: number;
  /** Pixels per image (side²). */
  dim: number;
  side: number;
  /** A class label per image (digits), when there is one. */
  labels?: Int32Array;
}

/**
 * Checks an image set's shape and values: n, dim = side² integers, images.length = n · dim, every pixel
 * finite and in [0, 1]. Throws ArgumentError naming `argument` and `fn` (NaN is an error, never a silent NaN).
 */
export function validateImageSet(set: ImageSet, argument: string, fn: string): void {
  if (set === null || typeof set !== "object" || !(set.images instanceof Float32Array)) {
    throw new ArgumentError(argument, fn, "must be an image set { images: Float32Array, n, dim, side }");
  }
  assertInteger(set.n, `${argument}.n`, fn, 1);
  assertInteger(set.side, `${argument}.side`, fn, 1);
  if (set.dim !== set.side * set.side) throw new ArgumentError(`${argument}.dim`, fn, `must be side² = ${set.side * set.side}, got ${set.dim}`);
  if (set.images.length !== set.n * set.dim) {
    throw new ArgumentError(`${argument}.images`, fn, `must hold n · dim = ${set.n * set.dim} values, got ${set.images.length}`);
  }
  const v = set.images;
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] >= 0 && v[i] <= 1)) {
      throw new ArgumentError(`${argument}.images`, fn, `must hold pixel values in [0, 1] (no NaN), found ${v[i]} at image ${Math.floor(i / set.dim)}, pixel ${i % set.dim}`);
    }
  }
  if (set.labels !== undefined && set.labels.length !== set.n) {
    throw new ArgumentError(`${argument}.labels`, fn, `must hold n = ${set.n} labels, got ${set.labels.length}`);
  }
}

/** The images at `indices` (a new set; labels follow). */
export function selectImages(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const out = new Float32Array(indices.length * set.dim);
  const labels = set.labels ? new Int32Array(indices.length) : undefined;
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j];
    if (!Number.isInteger(i) || i < 0 || i >= set.n) throw new ArgumentError("indices", "selectImages", `must be integers in [0, ${set.n}), got ${i} at ${j}`);
    out.set(set.images.subarray(i * set.dim, (i + 1) * set.dim), j * set.dim);
    if (labels) labels[j] = set.labels![i];
  }
  return { images: out, n: indices.length, dim: set.dim, side: set.side, ...(labels ? { labels } : {}) };
}
