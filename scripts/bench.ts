/**
 * The benchmark (`npm run bench`): speed and memory of the reference model, the IWAE paper's MNIST VAE
 * (encoder 784-200-200-2·50, decoder 50-200-200-784, tanh, Bernoulli), on the backend initBackend picks.
 *
 *   npm run bench                      # full: B = 100 images, k = 5000, 3 repetitions, k = 100,000 on 100 images
 *   npm run bench -- --quick           # short: k = 1000, 1 repetition, k = 100,000 on 10 images, fewer training steps
 *   npm run bench -- --suite           # also the wall time of every notebook in quick mode (minutes)
 *   npm run bench -- --reps 5 --out output/bench/bench.json
 *
 * Cases (each in its own child process, so "peak RSS" is that case's own peak, workers included):
 *   eval-w0 / eval-w1 / eval-w2   estimateLogLikelihoodParallel with 0 (this thread), 1 and 2 workers
 *   eval-bigk                     k = 100,000 with 2 workers: memory is bounded by the chunk, not by k
 *   train-vae / train-iwae5 / train-iwae50   trainVae steps (one thread), images per second
 *   train-sweep                   two IWAE k = 5 trainings at once on 2 workers (trainVaesParallel)
 * Medians over the repetitions are reported. Throughput, effective GFLOP/s:
 *
 *   FLOP per evaluation = 2 · k · B · (d·h₁ + h₁·h₂ + h₂·D) = 2 · k · B · (50·200 + 200·200 + 200·784)
 *
 * the decoder's matrix products only (413,600 per importance sample; the encoder's, once per image, and the
 * element-wise work — tanh, softplus, the Bernoulli and Gaussian log-densities, the noise — are not counted).
 * CPU seconds (all threads) are recorded too: samples per CPU-second is the work per core-second, which
 * other processes on the machine depress much less than wall-clock throughput; "cores busy" = CPU / wall.
 * Writes the JSON to output/bench/bench.json (or --out) and prints a summary. The machine's load average
 * is recorded at the start and end: other processes on the cores depress every figure.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import {
  initBackend, environmentReport, Vae, WorkerPool, allDigits, binarize, estimateLogLikelihoodParallel,
  logLikelihoodChunk, trainVae, trainVaesParallel, objectiveName, tf, type ImageSet, type VaeObjective,
} from "elbolab";

const ROOT = resolve(__dirname, "..");
const REFERENCE = { inputSize: 784, hidden: [200, 200], latentSize: 50, activation: "tanh" as const };
const FLOP_PER_SAMPLE = 2 * (50 * 200 + 200 * 200 + 200 * 784);

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};

interface Settings { quick: boolean; reps: number; k: number; images: number; bigK: number; bigKImages: number; trainImages: number }

function settings(): Settings {
  const quick = flag("quick");
  return {
    quick,
    reps: Number(option("reps", quick ? "1" : "3")),
    k: quick ? 1000 : 5000,
    images: 100,
    bigK: 100_000,
    bigKImages: quick ? 10 : 100,
    trainImages: quick ? 300 : 1000,
  };
}

/** The first n digits in a fixed shuffled order, binarised once (seeded): a stand-in test set of the reference size. */
function digits(n: number): ImageSet {
  const all = allDigits();
  const step = Math.floor(all.n / n);
  const images = new Float32Array(n * all.dim);
  for (let i = 0; i < n; i++) images.set(all.images.subarray(i * step * all.dim, (i * step + 1) * all.dim), i * all.dim);
  return { images: binarize(images, 7), n, dim: all.dim, side: all.side };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** Milliseconds per kernel name in a tf.profile, largest first: where the time of a unit of work goes. */
function kernelTimes(p: Awaited<ReturnType<typeof tf.profile>>): Record<string, number> {
  const t: Record<string, number> = {};
  for (const k of p.kernels) t[k.name] = (t[k.name] ?? 0) + Number(k.kernelTimeMs);
  return Object.fromEntries(Object.entries(t).filter(([, ms]) => ms >= 0.5).sort((a, b) => b[1] - a[1]).map(([n, ms]) => [n, Math.round(ms * 10) / 10]));
}

/** Peak RSS of this process so far (all threads), MiB. */
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

// ---------------------------------------------------------------------------------------------------
// One case, run in a child process: prints one JSON line.

async function runCase(name: string, s: Settings): Promise<Record<string, unknown>> {
  await initBackend();
  const vae = new Vae(REFERENCE, 1);
  if (name.startsWith("eval")) {
    const workers = name === "eval-bigk" ? 2 : Number(name.slice("eval-w".length));
    const k = name === "eval-bigk" ? s.bigK : s.k;
    const data = digits(name === "eval-bigk" ? s.bigKImages : s.images);
    const reps = name === "eval-bigk" ? 1 : s.reps;
    const t0 = process.hrtime.bigint();
    const pool = workers > 0 ? await WorkerPool.create(workers) : undefined;
    const startup = seconds(t0);
    // peak tensor bytes of one unit of work (10 images × m = 500 samples), the memory bound per worker
    const unit = await tf.profile(() => { logLikelihoodChunk(vae, data.images.subarray(0, 10 * data.dim), 500, 1, 0, 0); });
    const times: number[] = [], cpu: number[] = [];
    let mean = NaN;
    try {
      for (let r = 0; r < reps; r++) {
        const t = process.hrtime.bigint(), c = process.cpuUsage();
        const est = await estimateLogLikelihoodParallel(vae, data, { k, seed: 3, workers, pool });
        times.push(seconds(t));
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1e6);
        mean = est.mean;
      }
      const workerMemory = pool ? await pool.broadcast<tf.MemoryInfo>("memory", {}) : [];
      const samples = k * data.n;
      const t = median(times);
      return {
        case: name, workers, k, images: data.n, repetitions: reps, seconds: times, medianSeconds: t,
        samplesPerSecond: samples / t, effectiveGflops: (samples * FLOP_PER_SAMPLE) / t / 1e9,
        cpuSeconds: cpu, samplesPerCpuSecond: samples / median(cpu), coresUsed: median(cpu) / t,
        poolStartupSeconds: pool ? startup : 0, meanLogLikelihood: mean,
        peakTensorMiBPerUnit: unit.peakBytes / 2 ** 20, unitKernelMs: kernelTimes(unit),
        tfMemoryAfter: { thisThread: tf.memory(), workers: workerMemory },
        peakRssMiB: peakRssMiB(),
      };
    } finally {
      await pool?.close();
    }
  }
  if (name.startsWith("train")) {
    const data = digits(s.trainImages);
    const objective: VaeObjective = name === "train-vae" ? { kind: "elbo" } : { kind: "iwae", k: name === "train-iwae50" ? 50 : 5 };
    const batchSize = 100;
    if (name === "train-sweep") {
      const times: number[] = [];
      for (let r = 0; r < s.reps; r++) {
        const jobs = [0, 1].map((i) => ({ vae: new Vae(REFERENCE, 10 + i), options: { objective: { kind: "iwae" as const, k: 5 }, epochs: 1, batchSize, seed: 20 + i } }));
        const pool = await WorkerPool.create(2);
        const t = process.hrtime.bigint();
        await trainVaesParallel(jobs, data, { pool });
        times.push(seconds(t));
        await pool.close();
        jobs.forEach((j) => j.vae.dispose());
      }
      const t = median(times);
      return { case: name, objective: "IWAE k=5, 2 trainings on 2 workers", batchSize, images: data.n, repetitions: s.reps, seconds: times, medianSeconds: t, imagesPerSecond: (2 * data.n) / t, peakRssMiB: peakRssMiB() };
    }
    trainVae(vae, digits(batchSize), { objective, epochs: 1, batchSize, seed: 1 }); // warm-up (kernels, allocations)
    const times: number[] = [];
    for (let r = 0; r < s.reps; r++) {
      const t = process.hrtime.bigint();
      trainVae(vae, data, { objective, epochs: 1, batchSize, seed: 2 + r });
      times.push(seconds(t));
    }
    const t = median(times);
    return {
      case: name, objective: objectiveName(objective), batchSize, images: data.n,
      repetitions: s.reps, seconds: times, medianSeconds: t, imagesPerSecond: data.n / t,
      tfMemoryAfter: tf.memory(), peakRssMiB: peakRssMiB(),
    };
  }
  throw new Error(`bench: unknown case ${name}`);
}

// ---------------------------------------------------------------------------------------------------
// The parent: runs each case in a child process, then optionally the notebook suite.

function child(name: string): Promise<Record<string, unknown>> {
  return new Promise((ok, fail) => {
    const p = spawn(process.execPath, ["--import", "tsx", __filename, "--case", name, ...argv], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0 && line.startsWith("{")) ok(JSON.parse(line));
      else fail(new Error(`bench case ${name} failed (exit ${code}):\n${err.split("\n").filter((l) => !/Hi there|tfjs-node|^\s*$/.test(l)).join("\n")}`));
    });
  });
}

async function suite(): Promise<Record<string, unknown>> {
  const { executeNotebook, listNotebooks, runPool } = await import("./notebook-runner");
  const out = mkdtempSync(join(tmpdir(), "elbolab-bench-suite-"));
  const t = process.hrtime.bigint();
  const outcomes = await runPool(listNotebooks().map((p) => () => executeNotebook(p, { mode: "quick", outDir: out, resultsDir: out, timeoutSeconds: 1800 })), 2);
  return {
    mode: "quick", jobs: 2, wallSeconds: seconds(t),
    notebooks: outcomes.map((o) => ({ notebook: o.notebook, ok: o.ok, seconds: o.seconds })),
  };
}

const fmt = (x: unknown, digits = 1) => (typeof x === "number" ? x.toFixed(digits) : String(x));

async function main(): Promise<void> {
  const s = settings();
  const caseName = option("case", "");
  if (caseName) {
    console.log(JSON.stringify(await runCase(caseName, s)));
    return;
  }
  await initBackend();
  const env = environmentReport();
  const load: { start: number[]; end?: number[] } = { start: loadavg() };
  console.log(`elbolab bench (${s.quick ? "quick" : "full"}): backend ${env.backend}, ${env.cores} × ${env.cpus}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const cases: Record<string, Record<string, unknown>> = {};
  for (const name of ["eval-w0", "eval-w1", "eval-w2", "eval-bigk", "train-vae", "train-iwae5", "train-iwae50", "train-sweep"]) {
    process.stdout.write(`  ${name} ... `);
    cases[name] = await child(name);
    const c = cases[name];
    console.log(name.startsWith("eval")
      ? `${fmt(c.medianSeconds, 2)} s: ${fmt(Number(c.samplesPerSecond) / 1e3, 1)}k samples/s, ${fmt(c.effectiveGflops, 2)} GFLOP/s, ${fmt(c.coresUsed, 2)} cores busy, ${fmt(Number(c.samplesPerCpuSecond) / 1e3, 1)}k samples per CPU-second, peak RSS ${fmt(c.peakRssMiB, 0)} MiB`
      : `${fmt(c.medianSeconds, 2)} s: ${fmt(c.imagesPerSecond, 1)} images/s (${c.objective}), peak RSS ${fmt(c.peakRssMiB, 0)} MiB`);
  }
  const w1 = Number(cases["eval-w1"].samplesPerSecond), w2 = Number(cases["eval-w2"].samplesPerSecond);
  const targets = {
    speedupTwoWorkers: w2 / w1, speedupTarget: 1.8,
    effectiveGflopsTwoWorkers: Number(cases["eval-w2"].effectiveGflops), gflopsTarget: 20,
  };
  console.log(`  2 workers / 1 worker: ${targets.speedupTwoWorkers.toFixed(2)}× (target ≥ 1.8); 2 workers: ${targets.effectiveGflopsTwoWorkers.toFixed(1)} GFLOP/s (target ≥ 20)`);
  let suiteResult: Record<string, unknown> | null = null;
  if (flag("suite")) {
    process.stdout.write("  notebook suite (quick mode, 2 at a time) ... ");
    suiteResult = await suite();
    console.log(`${fmt(suiteResult.wallSeconds, 0)} s`);
  }
  load.end = loadavg();
  const report = {
    date: new Date().toISOString(), mode: s.quick ? "quick" : "full", settings: s, environment: env,
    git: spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim(),
    loadAverage: load, referenceModel: { ...REFERENCE, likelihood: "Bernoulli", flopPerSample: FLOP_PER_SAMPLE, flopFormula: "2·k·B·(50·200 + 200·200 + 200·784), decoder matrix products only" },
    cases, targets, suite: suiteResult,
  };
  const out = resolve(ROOT, option("out", "output/bench/bench.json"));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
  console.log(`  written to ${out}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
