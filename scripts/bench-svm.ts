/**
 * SVM timings on the breast-cancer Wisconsin set (569 × 30, standardised): SMO (solveSvmDual, tolerance 1e-10) and
 * the two log-barrier primal solvers with default options, for C = 0.01, 1, 100. Median wall time over
 * `--reps` runs (default 3) in this process, plain float64 JavaScript (no tensors, backend-independent).
 *
 *   npx tsx scripts/bench-svm.ts [--reps 3] [--out output/bench/svm.json]
 *
 * `benchSvm(reps)` is exported for scripts/bench.ts to call (the speed engineer owns that file).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadBreastCancer, solveSvmDual, solveSvmPrimal, solveSvmPrimalNorm } from "elbolab";

export interface SvmBenchRow {
  solver: "smo" | "primal-squared" | "primal-norm";
  C: number;
  medianMs: number;
  /** SMO pair updates or Newton steps. */
  iterations: number;
}

export function benchSvm(reps = 3): SvmBenchRow[] {
  const bc = loadBreastCancer();
  const solvers = [
    ["smo", (C: number) => solveSvmDual(bc.x, bc.y, C)],
    ["primal-squared", (C: number) => solveSvmPrimal(bc.x, bc.y, C)],
    ["primal-norm", (C: number) => solveSvmPrimalNorm(bc.x, bc.y, C)],
  ] as const;
  const rows: SvmBenchRow[] = [];
  for (const C of [0.01, 1, 100]) {
    for (const [solver, solve] of solvers) {
      const times: number[] = [];
      let iterations = 0;
      for (let r = 0; r < reps; r++) {
        const t = process.hrtime.bigint();
        iterations = solve(C).iterations;
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);
      rows.push({ solver, C, medianMs: times[Math.floor(times.length / 2)], iterations });
    }
  }
  return rows;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const arg = (name: string) => (argv.indexOf(`--${name}`) >= 0 ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
  const reps = Number(arg("reps") ?? 3);
  const out = resolve(arg("out") ?? "output/bench/svm.json");
  const rows = benchSvm(reps);
  for (const r of rows) console.log(`${r.solver.padEnd(15)} C = ${String(r.C).padEnd(5)} ${r.medianMs.toFixed(1).padStart(8)} ms  (${r.iterations} iterations)`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ data: "breast-cancer Wisconsin 569 × 30, standardised", reps, rows }, null, 2) + "\n");
  console.log(`wrote ${out}`);
}
