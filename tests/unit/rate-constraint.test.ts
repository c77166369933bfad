import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { distortionRateChords, solveRateConstraint, Random, type RatePoint } from "elbolab";
import { assertArgumentError } from "./setup";

// A tractable β-VAE: data x ~ N(0, σx²), fixed decoder p(x | h) = N(x; a h, s²), prior N(0, 1), encoder
// q(h | x) = N(m x, v). Minimising D + βR over (m, v) in closed form: m = a / (a² + β s²), v = β s² / (β s² + a²),
// for every x (so also for any finite sample). Per item: R = ½(m²x² + v − 1 − log v),
// D = ½ log(2π s²) + ((1 − a m)² x² + a² v) / (2 s²).
const a = 1.3, s = 0.4, sx = 1.7;
function encoder(beta: number) {
  return { m: a / (a * a + beta * s * s), v: (beta * s * s) / (beta * s * s + a * a) };
}
function itemRate(beta: number, x: number): number {
  const { m, v } = encoder(beta);
  return 0.5 * (m * m * x * x + v - 1 - Math.log(v));
}
function itemDistortion(beta: number, x: number): number {
  const { m, v } = encoder(beta);
  return 0.5 * Math.log(2 * Math.PI * s * s) + ((1 - a * m) ** 2 * x * x + a * a * v) / (2 * s * s);
}
// population values (E x² = σx²)
const rate = (beta: number) => itemRate(beta, sx);
const distortion = (beta: number) => itemDistortion(beta, sx);

/** Plain bisection in log β, independent of the solver, to 1e-13 relative. */
function rootByBisection(epsilon: number): number {
  let lo = Math.log(1e-3), hi = Math.log(1e3);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (rate(Math.exp(mid)) > epsilon) lo = mid; else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

describe("solveRateConstraint (Higgins et al. 2017; Rezende & Viola 2018)", () => {
  const sweep: RatePoint[] = [0.25, 1, 4, 16, 64].map((beta) => ({ beta, rate: rate(beta), se: 0 }));

  test("the model's rate decreases in β (the premise of the method)", () => {
    for (let i = 1; i < sweep.length; i++) assert.ok(sweep[i].rate < sweep[i - 1].rate);
  });

  test("finds the multiplier that makes KL ≤ ε active, for several ε at once, asking all ε per round", async () => {
    const epsilons = [0.1, 0.7, 1.8];
    const se = 1e-9;
    const calls: number[][] = [];
    const sols = await solveRateConstraint(epsilons, sweep, (betas) => {
      calls.push(betas);
      return betas.map((beta) => ({ beta, rate: rate(beta), se }));
    }, { maxRounds: 40 });
    assert.equal(calls[0].length, 3, "the first round asks one β per ε");
    sols.forEach((sol, i) => {
      assert.ok(sol.active, `ε = ${epsilons[i]} reached within 40 rounds`);
      assert.ok(Math.abs(sol.rate - epsilons[i]) <= se);
      const ref = rootByBisection(epsilons[i]);
      assert.ok(Math.abs(rate(ref) - epsilons[i]) < 1e-12);
      // |Δβ| ≈ |ΔR| / |dR/dβ|; dR/dβ from a central difference
      const dRdBeta = (rate(ref * 1.001) - rate(ref / 1.001)) / (ref * (1.001 - 1 / 1.001));
      assert.ok(Math.abs(sol.beta - ref) <= (2 * se) / Math.abs(dRdBeta) + 1e-12 * ref, `β* ${sol.beta} vs ${ref}`);
    });
  });

  test("the multiplier is the slope of the distortion–rate curve: −dD/dR = β* (envelope theorem)", async () => {
    const [sol] = await solveRateConstraint([1], sweep, (betas) => betas.map((beta) => ({ beta, rate: rate(beta), se: 1e-10 })), { maxRounds: 50 });
    const h = 1e-4;
    const slope = -(distortion(sol.beta * (1 + h)) - distortion(sol.beta * (1 - h))) / (rate(sol.beta * (1 + h)) - rate(sol.beta * (1 - h)));
    assert.ok(Math.abs(slope / sol.beta - 1) < 1e-6, `−dD/dR = ${slope} vs β* = ${sol.beta}`);
  });

  test("reports active: false (never a silent answer) when the rounds run out", async () => {
    const [sol] = await solveRateConstraint([1], sweep, (betas) => betas.map((beta) => ({ beta, rate: rate(beta), se: 1e-12 })), { maxRounds: 1 });
    assert.equal(sol.active, false);
    assert.equal(sol.iterates.length, 1);
  });

  test("bad inputs", async () => {
    const f = (betas: number[]) => betas.map((beta) => ({ beta, rate: rate(beta), se: 0.01 }));
    const rejects = async (p: () => Promise<unknown>, argument: string) => {
      await assert.rejects(p, (e: Error & { argument?: string; fn?: string }) => e.argument === argument && e.fn === "solveRateConstraint");
    };
    await rejects(() => solveRateConstraint([], sweep, f), "epsilons");
    await rejects(() => solveRateConstraint([0], sweep, f), "epsilons[0]");
    await rejects(() => solveRateConstraint([NaN], sweep, f), "epsilons[0]");
    await rejects(() => solveRateConstraint([1e3], sweep, f), "epsilons[0]");
    await rejects(() => solveRateConstraint([1], sweep.slice(0, 1), f), "bracket");
    await rejects(() => solveRateConstraint([1], [{ beta: 0, rate: 3, se: 0 }, sweep[4]], f), "bracket[0].beta");
    await rejects(() => solveRateConstraint([1], sweep, f, { tolerance: 0 }), "options.tolerance");
    await rejects(() => solveRateConstraint([1], sweep, f, { maxRounds: 0 }), "options.maxRounds");
    await rejects(() => solveRateConstraint([1], sweep, () => []), "rateAt");
    await rejects(() => solveRateConstraint([1], sweep, (b) => b.map(() => ({ beta: 1, rate: NaN, se: 0 }))), "rateAt(...)[0].rate");
    await rejects(() => solveRateConstraint([1], sweep, (b) => b.map(() => ({ beta: 1, rate: 1, se: 0 }))), "rateAt(...)[0].beta");
  });
});

describe("distortionRateChords", () => {
  const rng = new Random(3);
  const xs = Array.from({ length: 400 }, () => sx * rng.normal());
  const point = (beta: number) => ({ beta, rates: xs.map((x) => itemRate(beta, x)), distortions: xs.map((x) => itemDistortion(beta, x)) });

  test("every chord of exact β-VAE optima is bracketed by its two β, strictly", () => {
    const chords = distortionRateChords([8, 0.5, 2, 1, 4].map(point));
    assert.deepEqual(chords.map((c) => [c.betaLow, c.betaHigh]), [[0.5, 1], [1, 2], [2, 4], [4, 8]]);
    for (const c of chords) {
      assert.ok(c.betaLow < c.slope && c.slope < c.betaHigh, `${c.betaLow} < ${c.slope} < ${c.betaHigh}`);
      assert.ok(c.bracketed);
      // the chord slope recomputed from the means
      const lo = point(c.betaLow), hi = point(c.betaHigh);
      const mean = (v: number[]) => v.reduce((t, u) => t + u, 0) / v.length;
      const expected = (mean(hi.distortions) - mean(lo.distortions)) / (mean(lo.rates) - mean(hi.rates));
      assert.ok(Math.abs(c.slope - expected) <= 1e-9 * Math.abs(expected));
    }
  });

  test("a point that is not the β-VAE optimum (the encoder of another β) breaks the bracket", () => {
    const wrong = { ...point(2), beta: 1.1 }; // the optimum of β = 2 labelled β = 1.1
    const chords = distortionRateChords([point(1), wrong, point(4)]);
    assert.ok(chords.some((c) => !c.bracketed), JSON.stringify(chords));
  });

  test("bad inputs", () => {
    assertArgumentError(() => distortionRateChords([point(1)]), "points", "distortionRateChords");
    assertArgumentError(() => distortionRateChords([point(1), point(1)]), "points", "distortionRateChords");
    assertArgumentError(() => distortionRateChords([point(1), { ...point(2), rates: [1] }]), "points[1]", "distortionRateChords");
    assertArgumentError(() => distortionRateChords([point(1), { ...point(2), beta: -1 }]), "points[1].beta", "distortionRateChords");
    const nan = point(2);
    nan.distortions[5] = NaN;
    assertArgumentError(() => distortionRateChords([point(1), nan]), "points[1].distortions", "distortionRateChords");
  });
});
