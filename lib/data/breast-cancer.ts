/**
 * The breast-cancer Wisconsin diagnostic data set (Street, Wolberg & Mangasarian 1993; UCI Machine Learning
 * Repository, CC BY 4.0): 569 fine-needle aspirates, 30 real features of the cell nuclei (mean, standard error and
 * worst value of ten measurements), 212 malignant and 357 benign. The CSV shipped in the package's datasets/ folder (lib/datasets/) is
 * scikit-learn's copy (`sklearn/datasets/data/breast_cancer.csv`: a header line "569,30,malignant,benign", then
 * one row per case with the 30 features and the class 0 = malignant, 1 = benign); provenance in data/README.md.
 *
 * `loadBreastCancer()` returns labels y = +1 for malignant and −1 for benign (the SVM convention of `lib/svm`),
 * and by default standardised features: each column minus its mean, divided by its standard deviation (with n in
 * the denominator), z_jk = (x_jk − m_k) / s_k, computed in float64 over all 569 rows. `standardize: false` gives the
 * raw features (areas up to 4254, fractal dimensions near 0.05). The file's SHA-256 is checked, so a corrupted or
 * replaced file is an error, never a silently different data set.
 *
 * Errors: a missing file or one with another checksum (naming the path), `options.path` not a string.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ArgumentError } from "../errors";
import type { LabelledPoints } from "./two-gaussians";

/** SHA-256 of scikit-learn 1.9.1's breast_cancer.csv, the file shipped in lib/datasets/. */
export const BREAST_CANCER_SHA256 = "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed";

/** The ten measurements; features 0–9 are their means, 10–19 their standard errors, 20–29 their worst values. */
export const BREAST_CANCER_MEASUREMENTS = [
  "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points",
  "symmetry", "fractal dimension",
] as const;

export interface BreastCancerData extends LabelledPoints {
  /** 30 feature names: "radius (mean)", ..., "fractal dimension (worst)". */
  features: string[];
  /** Column means and standard deviations of the raw features (used to standardise). */
  means: number[];
  sds: number[];
  standardized: boolean;
}

/**
 * The shipped CSV: datasets/breast_cancer.csv inside the elbolab package (lib/datasets/ in the repository; listed in
 * the package's "files", so it is there when the library is installed elsewhere). From lib/data → ../, from
 * lib/dist/data → ../../.
 */
export function breastCancerPath(): string {
  const packageRoot = __filename.endsWith(".ts") ? join(__dirname, "..") : join(__dirname, "..", "..");
  return join(packageRoot, "datasets", "breast_cancer.csv");
}

export function loadBreastCancer(options: { standardize?: boolean; path?: string } = {}): BreastCancerData {
  const fn = "loadBreastCancer";
  const path = options.path ?? breastCancerPath();
  if (typeof path !== "string") throw new ArgumentError("options.path", fn, `must be a file path, got ${typeof path}`);
  if (!existsSync(path)) throw new ArgumentError("options.path", fn, `must name the shipped breast_cancer.csv; no file at ${path}`);
  const bytes = readFileSync(path);
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== BREAST_CANCER_SHA256) {
    throw new ArgumentError("options.path", fn, `must be the shipped breast_cancer.csv (SHA-256 ${BREAST_CANCER_SHA256}), got ${sha} at ${path}`);
  }
  const lines = bytes.toString("utf8").trim().split(/\r?\n/);
  const [n, d] = lines[0].split(",").map(Number);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 1; i <= n; i++) {
    const v = lines[i].split(",").map(Number);
    x.push(v.slice(0, d));
    y.push(v[d] === 0 ? 1 : -1); // 0 = malignant → +1
  }
  const means = Array.from({ length: d }, (_, k) => x.reduce((s, r) => s + r[k], 0) / n);
  const sds = means.map((m, k) => Math.sqrt(x.reduce((s, r) => s + (r[k] - m) ** 2, 0) / n));
  const standardized = options.standardize ?? true;
  const features = ["mean", "standard error", "worst"].flatMap((part) => BREAST_CANCER_MEASUREMENTS.map((m) => `${m} (${part})`));
  return {
    x: standardized ? x.map((r) => r.map((v, k) => (v - means[k]) / sds[k])) : x,
    y, features, means, sds, standardized,
  };
}
