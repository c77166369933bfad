/**
 * Seeded stratified k-fold partition of labelled points, for cross-validation: in each class the
 * points are shuffled (one permutation per class, classes in increasing label order) and dealt
 * round-robin to the k folds, so every fold holds ⌊m/k⌋ or ⌈m/k⌉ of a class of m points. Returns
 * k pairs { train, test }: fold i is the test set of pair i and the other folds its training set;
 * the k test sets partition the data. Errors: k not an integer ≥ 2, a class with fewer than k
 * points (some fold would miss it), data that is not { x, y } with one label per point, a bad seed.
 */
import { ArgumentError, assertInteger } from "../errors";
import { toRandom, type Seed } from "../random";
import type { LabelledPoints } from "./two-gaussians";
import { assertLabelledPoints, indicesByClass } from "./labelled-points";

export function stratifiedFolds(data: LabelledPoints, k: number, seed: Seed): { train: LabelledPoints; test: LabelledPoints }[] {
  const fn = "stratifiedFolds";
  assertInteger(k, "k", fn);
  if (k < 2) throw new ArgumentError("k", fn, `must be at least 2, got ${k}`);
  assertLabelledPoints(data, fn);
  const rng = toRandom(seed, fn);
  const fold = new Array<number>(data.y.length).fill(0);
  for (const [label, idx] of indicesByClass(data.y)) {
    if (idx.length < k) throw new ArgumentError("k", fn, `exceeds the ${idx.length} points of class ${label}`);
    const perm = rng.permutation(idx.length);
    perm.forEach((p, r) => { fold[idx[p]] = r % k; });
  }
  const pick = (keep: (f: number) => boolean): LabelledPoints => ({
    x: data.x.filter((_, i) => keep(fold[i])), y: data.y.filter((_, i) => keep(fold[i])),
  });
  return Array.from({ length: k }, (_, i) => ({ train: pick((f) => f !== i), test: pick((f) => f === i) }));
}
