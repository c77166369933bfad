/**
 * The lecture's constrained form of the β-VAE, solved through its Lagrange multiplier:
 *
 *   max_{θ,φ} E_q[log p_θ(E | H)]   s.t.   R = KL(q_φ(H | E) ‖ p(H)) ≤ ε,
 *   L(θ, φ, β) = E_q[log p_θ(E | H)] − β (KL − ε),   β ≥ 0,
 *
 * (Higgins et al. 2017, eq. 2–3; the constrained form with a multiplier found by the optimiser is Rezende & Viola
 * 2018, "Taming VAEs"). For fixed β the maximiser over (θ, φ) is the β-VAE, with rate R(β) that does not increase
 * in β (see `distortionRateChords`). The dual function g(β) = max_{θ,φ} L has derivative g'(β) = ε − R(β), so the
 * dual problem min_{β ≥ 0} g(β) is solved by the β* with R(β*) = ε: the constraint is active and β* is the
 * multiplier. This function finds that root in log β by safeguarded interpolation (inverse quadratic through the
 * bracket and the point nearest to ε, else the secant of the bracket, with Brent's bisection test: Brent 1973, ch. 4;
 * see `nextBeta`), with the primal — a full β-VAE training — solved by the caller at each β asked for.
 *
 *   const sol = await solveRateConstraint([2, 6], sweep, async (betas) => betas.map(trainAndMeasure));
 *
 * `bracket`: points (β, R(β), se) already known, e.g. a β sweep; every ε must lie strictly inside their range of
 * rates. `rateAt(betas)` returns one point per β asked for (all ε of a round are asked at once, so the caller can
 * train them in parallel). A root is accepted when |R(β) − ε| ≤ `tolerance` · se(β) (default 1 standard error of
 * the caller's estimate of R); after `maxRounds` (default 6) rounds the closest point is returned with
 * `active: false`, never silently. Rates measured with noise need not be monotone; the bracket is kept as
 * the largest β with R > ε and the smallest larger β with R < ε among all points measured.
 *
 * Errors (ArgumentError naming the argument and 'solveRateConstraint'): an ε ≤ 0 or not finite, a bracket with fewer
 * than two points or a β ≤ 0 / rate or se not finite, an ε outside the bracket's rates, `rateAt` returning the wrong
 * number of points, options not an object, tolerance ≤ 0, maxRounds not an integer ≥ 1.
 */
import { ArgumentError, assertFiniteNumber, assertInteger, assertPositive } from "../errors";

export interface RatePoint {
  beta: number;
  /** Rate R(β) = KL of the β-VAE trained at β (nats). */
  rate: number;
  /** Standard error of `rate` (0 if exact). */
  se: number;
}

export interface RateConstraintSolution {
  epsilon: number;
  /** The multiplier found (the last point's β when `active`, else the point closest to ε). */
  beta: number;
  rate: number;
  se: number;
  /** |R(β) − ε| ≤ tolerance · se reached within maxRounds. */
  active: boolean;
  /** Every β the solver asked for, in order, with its rate. */
  iterates: RatePoint[];
}

export interface RateConstraintOptions {
  /** Accept when |R − ε| ≤ tolerance · se (default 1). */
  tolerance?: number;
  /** Rounds of `rateAt` calls (default 6). */
  maxRounds?: number;
}

const FN = "solveRateConstraint";

function checkPoint(p: RatePoint, argument: string): void {
  if (p === null || typeof p !== "object") throw new ArgumentError(argument, FN, "must be { beta, rate, se }");
  assertPositive(p.beta, `${argument}.beta`, FN);
  assertFiniteNumber(p.rate, `${argument}.rate`, FN);
  assertPositive(p.se, `${argument}.se`, FN, true);
}

/** The tightest bracket around ε among `points`: largest β with R > ε, smallest larger β with R < ε. */
function bracketOf(points: RatePoint[], epsilon: number): [RatePoint, RatePoint] | null {
  const sorted = [...points].sort((a, b) => a.beta - b.beta);
  const above = sorted.filter((p) => p.rate > epsilon);
  if (above.length === 0) return null;
  const lo = above[above.length - 1];
  const hi = sorted.find((p) => p.beta > lo.beta && p.rate < epsilon);
  return hi ? [lo, hi] : null;
}

/**
 * The next β inside the bracket (lo, hi), in log β (Brent 1973, "Algorithms for Minimization without Derivatives",
 * ch. 4; Dekker 1969): inverse quadratic interpolation of log β as a function of R through the bracket's ends and
 * the next point nearest to ε, else the secant of the bracket (regula falsi). The interpolant is taken wherever it
 * falls strictly inside the bracket — also right beside an end, where the root lies just after a good iterate — and
 * the midpoint is taken instead only when the interpolant leaves the bracket or when its step is not shorter than
 * half the step before last (Brent's test: the steps must halve every two rounds, else bisection bounds the worst
 * case). `asked` holds log β of the solver's own iterates so far, in order.
 */
function nextBeta(points: RatePoint[], lo: RatePoint, hi: RatePoint, epsilon: number, asked: readonly number[]): number {
  const a = Math.log(lo.beta), b = Math.log(hi.beta);
  const mid = Math.exp((a + b) / 2);
  const r = asked.length;
  const inside = (u: number) => Number.isFinite(u) && Math.exp(u) > lo.beta && Math.exp(u) < hi.beta &&
    (r < 3 || Math.abs(u - asked[r - 1]) < 0.5 * Math.abs(asked[r - 2] - asked[r - 3]));
  const third = points.filter((p) => p !== lo && p !== hi && p.rate !== lo.rate && p.rate !== hi.rate)
    .sort((p, q) => Math.abs(p.rate - epsilon) - Math.abs(q.rate - epsilon))[0];
  if (third) {
    const pts = [lo, hi, third].map((p) => ({ r: p.rate, u: Math.log(p.beta) }));
    let u = 0;
    for (let i = 0; i < 3; i++) {
      let l = pts[i].u;
      for (let j = 0; j < 3; j++) if (j !== i) l *= (epsilon - pts[j].r) / (pts[i].r - pts[j].r);
      u += l;
    }
    if (inside(u)) return Math.exp(u);
  }
  const secant = a + ((b - a) * (lo.rate - epsilon)) / (lo.rate - hi.rate);
  return inside(secant) ? Math.exp(secant) : mid;
}

export async function solveRateConstraint(
  epsilons: readonly number[], bracket: readonly RatePoint[],
  rateAt: (betas: number[]) => Promise<RatePoint[]> | RatePoint[], options: RateConstraintOptions = {},
): Promise<RateConstraintSolution[]> {
  if (!Array.isArray(epsilons) || epsilons.length === 0) throw new ArgumentError("epsilons", FN, "must be a non-empty array of rates > 0");
  epsilons.forEach((e, i) => assertPositive(e, `epsilons[${i}]`, FN));
  if (!Array.isArray(bracket) || bracket.length < 2) throw new ArgumentError("bracket", FN, "must hold at least two points { beta, rate, se }");
  bracket.forEach((p, i) => checkPoint(p, `bracket[${i}]`));
  if (typeof rateAt !== "function") throw new ArgumentError("rateAt", FN, "must be a function (betas) => points");
  if (options === null || typeof options !== "object") throw new ArgumentError("options", FN, `must be an object { tolerance, maxRounds } (or left out), got ${options === null ? "null" : typeof options}`);
  const tolerance = options.tolerance ?? 1;
  assertPositive(tolerance, "options.tolerance", FN);
  const maxRounds = options.maxRounds ?? 6;
  assertInteger(maxRounds, "options.maxRounds", FN, 1);
  epsilons.forEach((e, i) => {
    if (!bracketOf([...bracket], e)) {
      const rates = bracket.map((p) => p.rate);
      throw new ArgumentError(`epsilons[${i}]`, FN, `must lie inside the bracket's rates [${Math.min(...rates)}, ${Math.max(...rates)}] with R above ε at a smaller β than R below ε, got ${e}`);
    }
  });

  const state = epsilons.map((epsilon) => ({ epsilon, iterates: [] as RatePoint[], done: false }));
  for (let round = 0; round < maxRounds && state.some((s) => !s.done); round++) {
    const open = state.filter((s) => !s.done);
    const betas = open.map((s) => {
      const known = [...bracket, ...s.iterates];
      const [lo, hi] = bracketOf(known, s.epsilon)!;
      return nextBeta(known, lo, hi, s.epsilon, s.iterates.map((p) => Math.log(p.beta)));
    });
    const points = await rateAt(betas);
    if (!Array.isArray(points) || points.length !== betas.length) {
      throw new ArgumentError("rateAt", FN, `must return one point per β asked for (${betas.length}), got ${Array.isArray(points) ? points.length : typeof points}`);
    }
    open.forEach((s, i) => {
      const p = points[i];
      checkPoint(p, `rateAt(...)[${i}]`);
      if (p.beta !== betas[i]) throw new ArgumentError(`rateAt(...)[${i}].beta`, FN, `must be the β asked for (${betas[i]}), got ${p.beta}`);
      s.iterates.push(p);
      if (Math.abs(p.rate - s.epsilon) <= tolerance * p.se) s.done = true;
      else if (!bracketOf([...bracket, ...s.iterates], s.epsilon)) s.done = true; // noise broke monotonicity: stop
    });
  }
  return state.map((s) => {
    const last = s.iterates[s.iterates.length - 1];
    const active = Math.abs(last.rate - s.epsilon) <= tolerance * last.se;
    const best = active ? last : s.iterates.reduce((a, b) => (Math.abs(b.rate - s.epsilon) < Math.abs(a.rate - s.epsilon) ? b : a));
    return { epsilon: s.epsilon, beta: best.beta, rate: best.rate, se: best.se, active, iterates: s.iterates };
  });
}
