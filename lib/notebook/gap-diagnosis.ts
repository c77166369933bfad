/**
 * Which estimate of the gap at k = 1 fails, decided from the numbers of one run (notebook 04). At k = 1
 * the gap has an exact value, log p(E) − L_1 = KL(q ‖ p(H|E)), and two estimates from the same S draws:
 *
 *   plain mean        log p(E) − mean_s L_1^{(s)},            SE = the SE of L_1 (log p(E) is exact)
 *   control variate   mean_s(−t_s + β u_s), u_s = x_s − 1     (`prefixKSweep`; x_s = w_s / p(E), t_s = log x_s)
 *
 * Each is compared with the exact KL in its own SE units, z = (estimate − KL) / SE, and agrees when
 * |z| ≤ zMax (default 3; an SE of 0 agrees only with an exact match). The verdict:
 *
 *   "control variate fails"  the control variate disagrees, the plain mean agrees: the draws suffice for
 *                            the plain mean; the control variate's residual −log x + β(x − 1) grows linearly
 *                            in the weight where −log x grows only logarithmically, so a rare state of small
 *                            q and large weight that the draws under-represent moves the control-variate
 *                            estimate (and its SE, taken from the same draws) far more than the plain mean;
 *   "draws fail"             both disagree: no estimate from these draws sees the exact value;
 *   "plain mean fails"       the plain mean disagrees, the control variate agrees;
 *   "both agree"             neither is more than zMax SE from the exact KL.
 *
 * `gapDiagnosisText(encoder, diagnosis, context)` states the three numbers, each named by its estimator,
 * and the verdict in one Markdown sentence, with Var(r) of the draws against the exact Var(r) where given.
 *
 * Errors (ArgumentError naming the argument and `diagnoseGapEstimators` / `gapDiagnosisText`): a mean or
 * exact value that is not finite, an SE that is negative or not finite, zMax not positive; an encoder that
 * is not a non-empty string, a diagnosis not from `diagnoseGapEstimators`.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../errors";

export interface GapEstimate { mean: number; se: number }

export type GapVerdict = "control variate fails" | "draws fail" | "plain mean fails" | "both agree";

export interface GapDiagnosis {
  plain: GapEstimate; controlVariate: GapEstimate; exact: number;
  zPlain: number; zControlVariate: number; zMax: number; verdict: GapVerdict;
}

const zOf = (e: GapEstimate, exact: number) =>
  e.se > 0 ? (e.mean - exact) / e.se : e.mean === exact ? 0 : Math.sign(e.mean - exact) * Infinity;

export function diagnoseGapEstimators(
  input: { plain: GapEstimate; controlVariate: GapEstimate; exact: number }, zMax = 3,
): GapDiagnosis {
  const fn = "diagnoseGapEstimators";
  for (const key of ["plain", "controlVariate"] as const) {
    assertFiniteNumber(input?.[key]?.mean, `input.${key}.mean`, fn);
    assertPositive(input[key].se, `input.${key}.se`, fn, true);
  }
  assertFiniteNumber(input.exact, "input.exact", fn);
  assertPositive(zMax, "zMax", fn);
  const zPlain = zOf(input.plain, input.exact), zControlVariate = zOf(input.controlVariate, input.exact);
  const plainOk = Math.abs(zPlain) <= zMax, cvOk = Math.abs(zControlVariate) <= zMax;
  const verdict: GapVerdict = plainOk ? (cvOk ? "both agree" : "control variate fails")
    : cvOk ? "plain mean fails" : "draws fail";
  return { plain: input.plain, controlVariate: input.controlVariate, exact: input.exact,
           zPlain, zControlVariate, zMax, verdict };
}

/** mean ± SE with as many decimals as the SE's two significant digits need. */
const pm = (e: GapEstimate) => {
  const d = e.se > 0 ? Math.min(12, Math.max(0, 1 - Math.floor(Math.log10(e.se)))) : 6;
  return `${e.mean.toFixed(d)} ± ${e.se.toFixed(d)}`;
};
const sides = (z: number) => `${Math.abs(z).toFixed(1)} SE ${z < 0 ? "below" : "above"}`;

export function gapDiagnosisText(encoder: string, d: GapDiagnosis,
  context: { beta?: number; drawnRelVar?: number; exactRelVar?: number } = {}): string {
  const fn = "gapDiagnosisText";
  if (typeof encoder !== "string" || !encoder) throw new ArgumentError("encoder", fn, "must be a non-empty string");
  if (!d || !["control variate fails", "draws fail", "plain mean fails", "both agree"].includes(d.verdict)) {
    throw new ArgumentError("d", fn, "must be a diagnosis from diagnoseGapEstimators");
  }
  const numbers = `For ${encoder} at $k = 1$ the exact $\\mathrm{KL}(q\\,\\|\\,p(H\\mid E))$ is ` +
    `${d.exact.toPrecision(3)}; the **plain mean** gives $\\log p(E) - \\overline{L_1}$ = ${pm(d.plain)} (SE), ` +
    `${sides(d.zPlain)} it, and the **control variate** gives ${pm(d.controlVariate)}, ${sides(d.zControlVariate)} it`;
  const beta = context.beta !== undefined && Number.isFinite(context.beta) ? ` (β = ${context.beta.toFixed(2)}, fitted on the same draws)` : "";
  const { drawnRelVar: v, exactRelVar: V } = context;
  const tail = v !== undefined && V !== undefined
    ? `; $\\mathrm{Var}(r)$ of the draws behind $L_1$ is ${v.toPrecision(3)} against the exact ` +
      `${Number.isFinite(V) ? V.toPrecision(3) : "∞"}${v < V ? ", so the rare states that carry it are under-drawn" : ""}`
    : "";
  switch (d.verdict) {
    case "control variate fails":
      return `${numbers}. The plain mean agrees within ${d.zMax} SE, so **the draws suffice for the plain mean; ` +
        `the control variate fails**${beta}: its residual $-\\log x + \\beta(x - 1)$ grows linearly in the weight ` +
        `where $-\\log x$ grows only logarithmically, so a rare state of small $q$ and large weight that ` +
        `the draws under-represent moves the control-variate estimate, and its SE from the same draws, ` +
        `far more than the plain mean${tail}`;
    case "draws fail":
      return `${numbers}. Both estimates miss by more than ${d.zMax} SE, so **the draws fail**: no ` +
        `estimate from them sees the exact value at this sample size${tail}`;
    case "plain mean fails":
      return `${numbers}. Only the plain mean misses by more than ${d.zMax} SE, so **the plain mean ` +
        `fails** here and the control variate does not${beta}${tail}`;
    default:
      return `${numbers}. Both agree within ${d.zMax} SE${tail}`;
  }
}
