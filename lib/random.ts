/**
 * Seeded randomness. Every stochastic function of the library takes a `seed`: either a number
 * (a fresh stream, so the same call gives the same numbers) or a `Random` (a stream that
 * advances, for loops that want new draws each step). Noise is generated in JavaScript, not by
 * the backend, so a seed gives the same numbers on every backend (wasm, cpu, native).
 *
 * Generator: xoshiro128** (Blackman and Vigna 2018), seeded through splitmix32; normals by the
 * Box-Muller transform. `fork(...keys)` derives an independent stream from (seed, keys) without
 * advancing the parent, so work split across chunks or workers draws the same numbers whatever
 * the split.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger } from "./errors";

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [(z ^ (z >>> 16)) >>> 0, state];
}

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  /**
   * @param seed an integer in [0, 2^32); the stream is a pure function of it. Larger seeds are an
   * error (they would otherwise alias seed mod 2^32).
   */
  constructor(readonly seed: number) {
    assertSeed(seed, "seed", "Random");
    let st = seed | 0;
    let out: number;
    [out, st] = splitmix32(st); this.s0 = out;
    [out, st] = splitmix32(st); this.s1 = out;
    [out, st] = splitmix32(st); this.s2 = out;
    [out, st] = splitmix32(st); this.s3 = out;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal N(0, 1) (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** An integer uniform on {0, ..., n - 1}. */
  integer(n: number): number {
    assertInteger(n, "n", "Random.integer", 1);
    return Math.floor(this.uniform() * n);
  }

  /** n standard normals as float32. */
  normalArray(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  /** n uniforms on [0, 1) as float32. */
  uniformArray(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniform();
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const t = p[i]; p[i] = p[j]; p[j] = t;
    }
    return p;
  }

  /**
   * The stream's position as plain data (its seed, the four xoshiro128** words as unsigned integers and the
   * kept second normal of a Box-Muller pair), for a checkpoint: `Random.fromState(r.state())` continues with
   * exactly the numbers `r` would draw next.
   */
  state(): RandomState {
    return { seed: this.seed, words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spareNormal: this.spareNormal };
  }

  /**
   * The stream at a position saved by `state()`. Errors: a seed outside [0, 2^32), words that are not four
   * integers in [0, 2^32) (or all zero, which xoshiro128** never reaches), spareNormal neither null nor finite.
   */
  static fromState(state: RandomState): Random {
    const fn = "Random.fromState";
    if (state === null || typeof state !== "object") throw new ArgumentError("state", fn, "must be { seed, words, spareNormal } from Random.state()");
    const r = new Random(state.seed);
    const w = state.words;
    if (!Array.isArray(w) || w.length !== 4 || !w.every(isSeed) || w.every((x) => x === 0)) {
      throw new ArgumentError("state.words", fn, "must be four integers in [0, 2^32), not all zero");
    }
    if (state.spareNormal !== null && !Number.isFinite(state.spareNormal)) throw new ArgumentError("state.spareNormal", fn, "must be null or a finite number");
    [r.s0, r.s1, r.s2, r.s3] = w;
    r.spareNormal = state.spareNormal;
    return r;
  }

  /**
   * An independent stream identified by `keys` (for example a chunk index), derived from this
   * stream's seed, not from its current position: `new Random(s).fork(3)` is the same stream
   * however many numbers the parent has drawn.
   */
  fork(...keys: number[]): Random {
    let h = this.seed >>> 0;
    for (const key of keys) {
      assertSeed(key, "keys", "Random.fork"); // keys ≥ 2^32 would alias key mod 2^32 (Math.imul)
      let z: number;
      [z] = splitmix32((h ^ Math.imul(key + 1, 0x27d4eb2d)) | 0);
      h = z;
    }
    return new Random(h >>> 0);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The position of a `Random` stream (`Random.state()`, `Random.fromState`): plain, JSON-safe data. */
export interface RandomState {
  seed: number;
  words: [number, number, number, number];
  spareNormal: number | null;
}

/** A seed argument: a number for a fresh reproducible stream, or a `Random` that advances. */
export type Seed = number | Random;

/** The number of distinct seeds: seeds are integers in [0, 2^32). */
export const SEED_LIMIT = 2 ** 32;

function isSeed(seed: unknown): seed is number {
  return typeof seed === "number" && Number.isInteger(seed) && seed >= 0 && seed < SEED_LIMIT;
}

/** An integer seed in [0, 2^32) (no silent reduction modulo 2^32, which would alias seeds). */
export function assertSeed(seed: unknown, argument: string, fn: string): asserts seed is number {
  if (!isSeed(seed)) {
    throw new ArgumentError(argument, fn, `must be an integer seed in [0, 2^32), got ${typeof seed === "number" ? String(seed) : typeof seed}`);
  }
}

/**
 * A seed written as text (an environment variable such as ELBOLAB_SEED): decimal digits only, in
 * [0, 2^32). Blank text, signs, decimals, exponents and hex are errors naming `argument` and `fn`
 * (Number(" ") would silently be 0).
 */
export function parseSeed(text: string, argument: string, fn: string): number {
  if (typeof text !== "string" || !/^\s*\d+\s*$/.test(text)) {
    throw new ArgumentError(argument, fn, `must be a decimal integer seed in [0, 2^32), got ${JSON.stringify(text)}`);
  }
  const seed = Number(text.trim());
  assertSeed(seed, argument, fn);
  return seed;
}

/** Resolves a `Seed` argument of function `fn` to a generator. */
export function toRandom(seed: Seed, fn: string): Random {
  if (seed instanceof Random) return seed;
  if (!isSeed(seed)) {
    throw new ArgumentError("seed", fn, `must be an integer in [0, 2^32) or a Random, got ${String(seed)}`);
  }
  return new Random(seed);
}

function size(shape: readonly number[], fn: string): number {
  shape.forEach((d, i) => assertInteger(d, `shape[${i}]`, fn, 0));
  return shape.reduce((a, b) => a * b, 1);
}

/** A float32 tensor of standard normals, the same on every backend for the same seed. */
export function randomNormal(shape: readonly number[], seed: Seed): tf.Tensor {
  const rng = toRandom(seed, "randomNormal");
  return tf.tensor(rng.normalArray(size(shape, "randomNormal")), [...shape], "float32");
}

/** A float32 tensor of uniforms on [0, 1), the same on every backend for the same seed. */
export function randomUniform(shape: readonly number[], seed: Seed): tf.Tensor {
  const rng = toRandom(seed, "randomUniform");
  return tf.tensor(rng.uniformArray(size(shape, "randomUniform")), [...shape], "float32");
}
