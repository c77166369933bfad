/**
 * The benchmark (`npm run bench`): speed and memory of the reference model, the IWAE paper's MNIST VAE
 * (encoder 784-200-200-2·50, decoder 50-200-200-784, tanh, Bernoulli), on the backend initBackend picks,
 * each case beside its PyTorch peer (scripts/bench_torch.py: the same model, data, sizes and threads).
 *
 *   npm run bench                      # B = 100 images, k = 5000, 3 repetitions, 1000 training images
 *   npm run bench -- --quick           # k = 1000, 1 repetition, 300 training images
 *   npm run bench -- --bigk            # also k = 100,000 on 2 workers (memory is bounded by the chunk)
 *   npm run bench -- --suite           # also the wall time of every notebook in quick mode (minutes)
 *   npm run bench -- --reps 5 --out output/bench/bench.json --train-workers 2
 *   npm run bench:setup                # a bench-only venv .venv-bench with torch==2.13.0 (the peer)
 *
 * The peer runs when a Python with torch is importable: $ELBOLAB_TORCH_PYTHON, else .venv-bench/bin/python;
 * without it the bench says so and reports elbolab's absolute figures only. Each repetition runs elbolab
 * and then PyTorch, alternating, each in its own child process, so both see the same load; the ratio is
 * elbolab's median throughput over PyTorch's (> 1: elbolab faster), also per CPU-second.
 *
 * Cases (the peer's threads in brackets):
 *   eval-w0 / eval-w1 / eval-w2   L_k evaluation, estimateLogLikelihoodParallel with 0, 1, 2 workers   [1, 1, 2]
 *   train-vae / train-iwae5 / train-iwae50, at batch 20 and 100: one epoch of trainVae, data-parallel on
 *                                 --train-workers workers (default 2)                                  [2]
 *   eval-bigk (--bigk), train-sweep (two IWAE k = 5 trainings at once on 2 workers): elbolab only
 *   svm: SMO and both barrier primal solvers on the breast-cancer set, C = 0.01, 1, 100 (scripts/bench-svm.ts,
 *        float64 JavaScript, median ms): elbolab only
 * Throughput: samples (k × images) per second for evaluation, images per second for training; effective GFLOP/s
 *
 *   FLOP per evaluation = 2 · k · B · (d·h₁ + h₁·h₂ + h₂·D) = 2 · k · B · (50·200 + 200·200 + 200·784)
 *
 * the decoder's matrix products only. CPU seconds cover all threads of a process: work per CPU-second is
 * what other processes on the machine depress least. The load average is recorded at the start and end.
 */
import { spawn, spawnSync } from "node:child_process";
import { benchSvm } from "./bench-svm";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import {
  initBackend, backendInfo, environmentReport, Vae, WorkerPool, allDigits, binarize, estimateLogLikelihoodParallel,
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

interface Settings { quick: boolean; reps: number; k: number; images: number; bigK: number; bigKImages: number; trainImages: number; trainWorkers: number }

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
    trainWorkers: Number(option("train-workers", "2")),
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
    const t0 = process.hrtime.bigint();
    const pool = workers > 0 ? await WorkerPool.create(workers) : undefined;
    const startup = seconds(t0);
    // peak tensor bytes and kernel times of one unit of work (10 images × m = 500 samples), the memory bound per worker
    const unitWork = () => { logLikelihoodChunk(vae, data.images.subarray(0, 10 * data.dim), 500, 1, 0, 0); };
    unitWork(); // warm-up: the first call's allocations would be charged to the kernels
    const unit = await tf.profile(unitWork);
    try {
      const baseline = tf.memory().numTensors;
      const t = process.hrtime.bigint(), c = process.cpuUsage();
      const est = await estimateLogLikelihoodParallel(vae, data, { k, seed: 3, workers, pool });
      const wall = seconds(t), used = process.cpuUsage(c);
      const cpu = (used.user + used.system) / 1e6;
      const workerMemory = pool ? await pool.broadcast<tf.MemoryInfo>("memory", {}) : [];
      const samples = k * data.n;
      return {
        case: name, workers, k, images: data.n, seconds: wall, cpuSeconds: cpu,
        perSecond: samples / wall, perCpuSecond: samples / cpu, coresUsed: cpu / wall,
        effectiveGflops: (samples * FLOP_PER_SAMPLE) / wall / 1e9,
        poolStartupSeconds: pool ? startup : 0, meanLogLikelihood: est.mean,
        peakTensorMiBPerUnit: unit.peakBytes / 2 ** 20, unitKernelMs: kernelTimes(unit),
        tensorsBackToBaseline: tf.memory().numTensors === baseline, tfMemoryAfter: { thisThread: tf.memory(), workers: workerMemory },
        peakRssMiB: peakRssMiB(),
      };
    } finally {
      await pool?.close();
    }
  }
  if (name === "train-sweep") {
    const data = digits(s.trainImages);
    const jobs = [0, 1].map((i) => ({ vae: new Vae(REFERENCE, 10 + i), options: { objective: { kind: "iwae" as const, k: 5 }, epochs: 1, batchSize: 100, seed: 20 + i } }));
    const pool = await WorkerPool.create(2);
    const t = process.hrtime.bigint();
    await trainVaesParallel(jobs, data, { pool });
    const wall = seconds(t);
    await pool.close();
    jobs.forEach((j) => j.vae.dispose());
    return { case: name, objective: "IWAE k=5, 2 trainings on 2 workers", batchSize: 100, images: data.n, seconds: wall, perSecond: (2 * data.n) / wall, peakRssMiB: peakRssMiB() };
  }
  if (name.startsWith("train")) {
    const data = digits(s.trainImages);
    const objective = trainObjective(name);
    const batchSize = Number(option("batch", "100"));
    const workers = s.trainWorkers;
    const pool = workers > 0 ? await WorkerPool.create(workers) : undefined;
    try {
      trainVae(vae, digits(batchSize), { objective, epochs: 1, batchSize, seed: 1, pool }); // warm-up (kernels, allocations)
      const baseline = tf.memory().numTensors;
      const t = process.hrtime.bigint(), c = process.cpuUsage();
      trainVae(vae, data, { objective, epochs: 1, batchSize, seed: 2, pool });
      const wall = seconds(t), used = process.cpuUsage(c);
      const cpu = (used.user + used.system) / 1e6;
      return {
        case: name, objective: objectiveName(objective), batchSize, workers, images: data.n, seconds: wall, cpuSeconds: cpu,
        perSecond: data.n / wall, perCpuSecond: data.n / cpu, coresUsed: cpu / wall,
        tensorsBackToBaseline: tf.memory().numTensors === baseline, tfMemoryAfter: tf.memory(), peakRssMiB: peakRssMiB(),
      };
    } finally {
      await pool?.close();
    }
  }
  throw new Error(`bench: unknown case ${name}`);
}

function trainObjective(name: string): VaeObjective {
  return name === "train-vae" ? { kind: "elbo" } : { kind: "iwae", k: name === "train-iwae50" ? 50 : 5 };
}

// ---------------------------------------------------------------------------------------------------
// The parent: runs each case in child processes, elbolab and the PyTorch peer alternating.

function childOutput(cmd: string, args: string[], what: string): Promise<Record<string, unknown>> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0 && line.startsWith("{")) ok(JSON.parse(line));
      else fail(new Error(`bench: ${what} failed (exit ${code}):\n${err.split("\n").filter((l) => !/Hi there|tfjs-node|^\s*$/.test(l)).join("\n")}`));
    });
  });
}

const child = (name: string, extra: string[] = []) => childOutput(process.execPath, ["--import", "tsx", __filename, "--case", name, ...extra, ...argv], `case ${name}`);

/** A Python that imports torch ($ELBOLAB_TORCH_PYTHON, else .venv-bench/bin/python), with its torch version, or why not. */
function torchPython(): { python: string; version: string } | { missing: string } {
  const candidates = [process.env.ELBOLAB_TORCH_PYTHON, join(ROOT, ".venv-bench", "bin", "python")].filter((p): p is string => !!p);
  for (const python of candidates) {
    const r = spawnSync(python, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8" });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  return { missing: `no Python with torch (tried ${candidates.join(", ")}; npm run bench:setup makes .venv-bench)` };
}

interface PeerCase { name: string; batch?: number; torchArgs: string[]; torchThreads: number }

function peerCases(s: Settings): PeerCase[] {
  const evalArgs = ["--case", "eval", "--n", String(s.images), "--k", String(s.k)];
  const cases: PeerCase[] = [
    { name: "eval-w0", torchArgs: evalArgs, torchThreads: 1 },
    { name: "eval-w1", torchArgs: evalArgs, torchThreads: 1 },
    { name: "eval-w2", torchArgs: evalArgs, torchThreads: 2 },
  ];
  for (const batch of [20, 100]) {
    for (const [name, obj, k] of [["train-vae", "elbo", 1], ["train-iwae5", "iwae", 5], ["train-iwae50", "iwae", 50]] as const) {
      cases.push({ name, batch, torchThreads: 2, torchArgs: ["--case", "train", "--objective", obj, "--k", String(k), "--batch", String(batch), "--n", String(s.trainImages)] });
    }
  }
  return cases;
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
const num = (runs: Record<string, unknown>[], key: string) => median(runs.map((r) => Number(r[key])));

async function main(): Promise<void> {
  const s = settings();
  const caseName = option("case", "");
  if (caseName) {
    console.log(JSON.stringify(await runCase(caseName, s)));
    return;
  }
  await initBackend();
  // the native backend's own thread pools (TensorFlow reads these at start-up; unset: one thread per core)
  const tensorflowThreads = Object.fromEntries(["TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"].map((v) => [v, process.env[v] ?? "unset"]));
  const env = { ...environmentReport(), ...(backendInfo()?.name === "tensorflow" ? { tensorflowThreads } : {}) };
  const load: { start: number[]; end?: number[] } = { start: loadavg() };
  const peer = torchPython();
  console.log(`elbolab bench (${s.quick ? "quick" : "full"}): backend ${env.backend}${"tensorflowThreads" in env ? ` ${JSON.stringify(tensorflowThreads)}` : ""}, ${env.cores} × ${env.cpus}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log("version" in peer ? `  peer: PyTorch ${peer.version} (${peer.python}), runs alternating with elbolab` : `  peer: none — ${peer.missing}; absolute figures only`);
  const imagesFile = join(mkdtempSync(join(tmpdir(), "elbolab-bench-")), "images.f32");
  const maxImages = Math.max(s.images, s.trainImages);
  const imgs = digits(maxImages).images;
  writeFileSync(imagesFile, Buffer.from(imgs.buffer, imgs.byteOffset, imgs.byteLength));
  const cases: Record<string, Record<string, unknown>> = {};
  for (const c of peerCases(s)) {
    const label = c.batch ? `${c.name} (batch ${c.batch})` : c.name;
    process.stdout.write(`  ${label.padEnd(26)} `);
    const ours: Record<string, unknown>[] = [], theirs: Record<string, unknown>[] = [];
    for (let r = 0; r < s.reps; r++) {
      ours.push(await child(c.name, c.batch ? ["--batch", String(c.batch)] : []));
      if ("version" in peer) {
        theirs.push(await childOutput(peer.python, [join(ROOT, "scripts", "bench_torch.py"), ...c.torchArgs, "--threads", String(c.torchThreads), "--images", imagesFile, "--seed", String(r + 1)], `PyTorch peer of ${c.name}`));
      }
    }
    const unit = c.name.startsWith("eval") ? "samples" : "images";
    const entry: Record<string, unknown> = {
      elbolab: { runs: ours, perSecond: num(ours, "perSecond"), perCpuSecond: num(ours, "perCpuSecond"), tensorsBackToBaseline: ours.every((o) => o.tensorsBackToBaseline) },
      unit,
    };
    let line = `${fmt(num(ours, "perSecond"), 0)} ${unit}/s, ${fmt(num(ours, "perCpuSecond"), 0)} per CPU-s`;
    if (theirs.length) {
      const ratio = num(ours, "perSecond") / num(theirs, "perSecond");
      const cpuRatio = num(ours, "perCpuSecond") / num(theirs, "perCpuSecond");
      entry.pytorch = { threads: c.torchThreads, runs: theirs, perSecond: num(theirs, "perSecond"), perCpuSecond: num(theirs, "perCpuSecond") };
      entry.ratio = ratio;
      entry.ratioPerCpuSecond = cpuRatio;
      line += ` | PyTorch (${c.torchThreads} thr) ${fmt(num(theirs, "perSecond"), 0)}/s, ${fmt(num(theirs, "perCpuSecond"), 0)} per CPU-s | ratio ${fmt(ratio, 2)} (per CPU-s ${fmt(cpuRatio, 2)})`;
    }
    if (c.batch) ((cases[c.name] ??= {})[`batch${c.batch}`] = entry);
    else cases[c.name] = entry;
    console.log(line);
  }
  for (const name of flag("bigk") ? ["eval-bigk", "train-sweep"] : ["train-sweep"]) {
    process.stdout.write(`  ${name.padEnd(26)} `);
    cases[name] = await child(name);
    console.log(`${fmt(cases[name].perSecond, 0)} per second, peak RSS ${fmt(cases[name].peakRssMiB, 0)} MiB`);
  }
  process.stdout.write("  svm (breast cancer, 569 × 30) ");
  const svm = benchSvm(s.quick ? 1 : 3);
  console.log(svm.map((r) => `${r.solver} C=${r.C}: ${fmt(r.medianMs, 0)} ms`).join(", "));
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
    loadAverage: load, peer: "version" in peer ? { name: "pytorch", version: peer.version, python: peer.python } : { name: null, reason: peer.missing },
    referenceModel: { ...REFERENCE, likelihood: "Bernoulli", flopPerSample: FLOP_PER_SAMPLE, flopFormula: "2·k·B·(50·200 + 200·200 + 200·784), decoder matrix products only" },
    cases, svm, suite: suiteResult,
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
