/**
 * Small binary images with known, independent generative factors, in the spirit of dSprites (Matthey et
 * al. 2017, used by Higgins et al. 2017 and Chen et al. 2018): one white shape on black.
 *
 *   factor  values (indices 0..size-1)
 *   shape   square, disc, triangle (apex up)                       3
 *   scale   half-width r = linspace(0.2, 0.3, scales) · side         `scales` (default 3)
 *   x, y    centre = linspace(r_max, side - r_max, positions)       `positions` (default 6)
 *
 * Each image draws every factor independently and uniformly from the seed, so the factors are
 * independent by construction. A pixel (row i, column j) is on when its centre (j + ½, i + ½) lies in
 * the shape. `renderShape` is a pure function of the factors; distinct factor combinations give distinct
 * images for the defaults (tested), so the factors are recoverable from the image.
 *
 * Defaults: side 16 (256 pixels, quick to train on). Errors: n, side ≥ 8, scales ≥ 1, positions ≥ 1 integers.
 */
import { ArgumentError, assertInteger } from "../errors";
import { toRandom, type Seed } from "../random";
import type { ImageSet } from "./images";

export const SHAPE_NAMES = ["square", "disc", "triangle"] as const;
export const SHAPE_FACTOR_NAMES = ["shape", "scale", "x", "y"] as const;

export interface ShapesOptions {
  n: number;
  seed: Seed;
  /** Image side in pixels (default 16). */
  side?: number;
  /** Number of scale values (default 3). */
  scales?: number;
  /** Number of x and of y positions (default 6). */
  positions?: number;
}

export interface FactorImageSet extends ImageSet {
  /** factors[f][i]: the index of factor f (in SHAPE_FACTOR_NAMES order) for image i. */
  factors: Int32Array[];
  factorNames: readonly string[];
  /** Number of values of each factor. */
  factorSizes: number[];
}

interface Geometry { side: number; scales: number; positions: number }

function linspace(a: number, b: number, m: number, i: number): number {
  return m === 1 ? (a + b) / 2 : a + ((b - a) * i) / (m - 1);
}

function checkGeometry(g: Geometry, fn: string): void {
  assertInteger(g.side, "side", fn, 8);
  assertInteger(g.scales, "scales", fn, 1);
  assertInteger(g.positions, "positions", fn, 1);
}

/** Draws one image of the given factor indices [shape, scale, x, y] into `out` (length side²). */
export function renderShape(factors: readonly number[], out: Float32Array, geometry: Partial<Geometry> = {}): Float32Array {
  const g: Geometry = { side: geometry.side ?? 16, scales: geometry.scales ?? 3, positions: geometry.positions ?? 6 };
  checkGeometry(g, "renderShape");
  const sizes = [SHAPE_NAMES.length, g.scales, g.positions, g.positions];
  if (!Array.isArray(factors) || factors.length !== 4) throw new ArgumentError("factors", "renderShape", "must be [shape, scale, x, y] indices");
  factors.forEach((v, f) => {
    if (!Number.isInteger(v) || v < 0 || v >= sizes[f]) throw new ArgumentError("factors", "renderShape", `${SHAPE_FACTOR_NAMES[f]} must be an integer in [0, ${sizes[f]}), got ${v}`);
  });
  if (!(out instanceof Float32Array) || out.length !== g.side * g.side) throw new ArgumentError("out", "renderShape", `must be a Float32Array of length ${g.side * g.side}`);
  const [shape, scale, xi, yi] = factors;
  const rMax = 0.3 * g.side;
  const r = linspace(0.2 * g.side, rMax, g.scales, scale);
  const cx = linspace(rMax, g.side - rMax, g.positions, xi);
  const cy = linspace(rMax, g.side - rMax, g.positions, yi);
  for (let i = 0; i < g.side; i++) {
    for (let j = 0; j < g.side; j++) {
      const dx = j + 0.5 - cx;
      const dy = i + 0.5 - cy;
      let on: boolean;
      if (shape === 0) on = Math.abs(dx) <= r && Math.abs(dy) <= r;
      else if (shape === 1) on = dx * dx + dy * dy <= r * r * 1.2;
      else on = dy >= -r && dy <= r && Math.abs(dx) <= (dy + r) / 2;
      out[i * g.side + j] = on ? 1 : 0;
    }
  }
  return out;
}

/** n images with independent uniform factors drawn from `seed`. */
export function generateShapes(options: ShapesOptions): FactorImageSet {
  const fn = "generateShapes";
  if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, "must be { n, seed, side?, scales?, positions? }");
  const g: Geometry = { side: options.side ?? 16, scales: options.scales ?? 3, positions: options.positions ?? 6 };
  assertInteger(options.n, "options.n", fn, 1);
  checkGeometry(g, fn);
  const rng = toRandom(options.seed, fn);
  const n = options.n;
  const dim = g.side * g.side;
  const factorSizes = [SHAPE_NAMES.length, g.scales, g.positions, g.positions];
  const factors = factorSizes.map(() => new Int32Array(n));
  const images = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const f = factorSizes.map((m, k) => (factors[k][i] = rng.integer(m)));
    renderShape(f, images.subarray(i * dim, (i + 1) * dim), g);
  }
  return { images, n, dim, side: g.side, factors, factorNames: SHAPE_FACTOR_NAMES, factorSizes };
}
