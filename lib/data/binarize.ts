/**
 * Stochastic binarisation of grey levels: x_i ~ Bernoulli(g_i), i.e. x_i = 1 when u_i < g_i with
 * u_i ~ U[0, 1) from the seed. Drawing a fresh binarisation each time an image is used is the
 * "dynamic binarisation" of the IWAE paper (Burda et al. 2016, section 5; following Salakhutdinov and
 * Murray 2008 for the test set, which is binarised once). Grey levels 0 and 1 stay 0 and 1.
 *
 * Errors: pixels outside [0, 1] or NaN.
 */
import { ArgumentError } from "../errors";
import { toRandom, type Seed } from "../random";

export function binarize(grey: Float32Array, seed: Seed): Float32Array {
  if (!(grey instanceof Float32Array)) throw new ArgumentError("grey", "binarize", "must be a Float32Array of grey levels in [0, 1]");
  const rng = toRandom(seed, "binarize");
  const out = new Float32Array(grey.length);
  for (let i = 0; i < grey.length; i++) {
    const g = grey[i];
    if (!(g >= 0 && g <= 1)) throw new ArgumentError("grey", "binarize", `must hold grey levels in [0, 1], found ${g} at index ${i}`);
    out[i] = rng.uniform() < g ? 1 : 0;
  }
  return out;
}
