/**
 * KL between two multivariate normals with full covariances, in float64 (closed form):
 *
 *   KL(N(m₁, S₁) || N(m₂, S₂)) = ½ [ tr(S₂⁻¹ S₁) + (m₂ - m₁)ᵀ S₂⁻¹ (m₂ - m₁) - d + log|S₂| - log|S₁| ]
 *
 * Used for the identity log p(E) - ELBO(q) = KL(q(H | E) || p(H | E)) (the lecture's section 3; Kingma and
 * Welling 2014, eq. 1) on the linear-Gaussian model, where both sides are closed forms. Errors: sizes must
 * agree, covariances must be symmetric positive definite.
 */
import { ArgumentError, assertAllFinite } from "../errors";
import { matMul64, matVec64, spdFactor64, trace64, type Matrix64 } from "../math/matrix64";

export function klGaussian64(m1: readonly number[], s1: Matrix64, m2: readonly number[], s2: Matrix64): number {
  const fn = "klGaussian64";
  const d = m1.length;
  assertAllFinite(m1, "m1", fn);
  assertAllFinite(m2, "m2", fn);
  if (m2.length !== d) throw new ArgumentError("m2", fn, `must have the length of 'm1' (${d}), got ${m2.length}`);
  for (const [name, s] of [["s1", s1], ["s2", s2]] as const) {
    if (s.length !== d || s.some((r) => r.length !== d)) throw new ArgumentError(name, fn, `must be ${d}×${d}`);
  }
  const factor = (s: Matrix64, name: string) => {
    try {
      return spdFactor64(s);
    } catch (err) {
      throw new ArgumentError(name, fn, `must be symmetric positive definite (${(err as Error).message})`);
    }
  };
  const f1 = factor(s1, "s1");
  const f2 = factor(s2, "s2");
  const dm = m2.map((v, i) => v - m1[i]);
  const maha = dm.reduce((s, v, i) => s + v * matVec64(f2.inverse, dm)[i], 0);
  return 0.5 * (trace64(matMul64(f2.inverse, s1)) + maha - d + f2.logDet - f1.logDet);
}
