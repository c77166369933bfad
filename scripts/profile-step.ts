/**
 * Operations and time per training step of the reference model (the IWAE paper's MNIST VAE: encoder
 * 784-200-200-2·50, decoder 50-200-200-784, tanh, Bernoulli) at batch 20, for the VAE, IWAE k = 5 and k = 50,
 * on the backend initBackend picks (ELBOLAB_BACKEND=wasm|tensorflow):
 *
 *   node --import tsx scripts/profile-step.ts [--steps 30] [--batch 20] [--top 12] [--json out.json]
 *
 * One `trainVae` call in this thread (no workers), `--steps` + 5 steps on binarised digits; the first 5 are
 * warm-up. Per step, counted between `onStep` callbacks:
 *   kernels   TensorFlow.js kernel launches (every `engine.runKernel`, including kernels that a kernel runs
 *             inside itself, such as the native backend's fused matMul, which is MatMul + Add + activation)
 *   native    calls into the TensorFlow C API (`binding.executeOp`), on the native backend only: each is one
 *             eager TensorFlow operation, the unit that costs 15–40 µs there
 *   ms        wall time per step (median), and CPU ms of this process per step
 * `--top` lists the most frequent kernel names of one step. Timings depend on the machine's load (printed).
 */
import { loadavg } from "node:os";
import { writeFileSync } from "node:fs";
import { initBackend, tf, Vae, allDigits, binarize, trainVae, objectiveName, type VaeObjective } from "elbolab";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const STEPS = Number(option("steps", "30")), WARM = 5, BATCH = Number(option("batch", "20")), TOP = Number(option("top", "12"));
const REFERENCE = { inputSize: 784, hidden: [200, 200], latentSize: 50, activation: "tanh" as const };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Counters { kernels: number; native: number; names: Map<string, number> }
const counters: Counters = { kernels: 0, native: 0, names: new Map() };

/** Wraps the engine's runKernel (and, on the native backend, the binding's executeOp) to count calls. */
function instrument(backend: string): void {
  const engine = tf.engine() as unknown as { runKernel: (name: string, ...rest: unknown[]) => unknown };
  const runKernel = engine.runKernel.bind(engine);
  engine.runKernel = (name: string, ...rest: unknown[]) => {
    counters.kernels++;
    counters.names.set(name, (counters.names.get(name) ?? 0) + 1);
    return runKernel(name, ...rest);
  };
  if (backend === "tensorflow") {
    // the binding's exports are read-only (N-API defaults): the backend gets an object inheriting from them
    const backend = tf.backend() as unknown as { binding: Record<string, unknown> };
    const binding = backend.binding;
    const executeOp = (binding.executeOp as (...a: unknown[]) => unknown).bind(binding);
    const counted = (...a: unknown[]) => {
      counters.native++;
      const name = `TF:${String(a[0])}`;
      counters.names.set(name, (counters.names.get(name) ?? 0) + 1);
      return executeOp(...a);
    };
    backend.binding = Object.create(binding, { executeOp: { value: counted } });
  }
}

function profile(objective: VaeObjective) {
  const all = allDigits();
  const n = (STEPS + WARM) * BATCH;
  const data = { images: binarize(all.images.subarray(0, n * all.dim), 7), n, dim: all.dim, side: all.side };
  const vae = new Vae(REFERENCE, 1);
  const perStep: { kernels: number; native: number; ms: number; cpuMs: number }[] = [];
  let names = new Map<string, number>();
  let last = { kernels: 0, native: 0, t: process.hrtime.bigint(), cpu: process.cpuUsage() };
  const reset = () => {
    counters.kernels = 0; counters.native = 0; counters.names = new Map();
    last = { kernels: 0, native: 0, t: process.hrtime.bigint(), cpu: process.cpuUsage() };
  };
  reset();
  try {
    trainVae(vae, data, {
      objective, epochs: 1, batchSize: BATCH, seed: 3,
      onStep: (step) => {
        const t = process.hrtime.bigint(), cpu = process.cpuUsage(last.cpu);
        if (step >= WARM) {
          perStep.push({
            kernels: counters.kernels, native: counters.native,
            ms: Number(t - last.t) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000,
          });
          if (step === WARM) names = counters.names;
        }
        reset();
      },
    });
  } finally {
    vae.dispose();
  }
  const top = [...names.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k, v]) => `${k} ${v}`).join(", ");
  return {
    objective: objectiveName(objective), batch: BATCH, steps: perStep.length,
    kernelsPerStep: median(perStep.map((s) => s.kernels)), nativeOpsPerStep: median(perStep.map((s) => s.native)),
    msPerStep: median(perStep.map((s) => s.ms)), cpuMsPerStep: median(perStep.map((s) => s.cpuMs)), topKernels: top,
  };
}

async function main(): Promise<void> {
  const info = await initBackend();
  instrument(info.name);
  const load = loadavg();
  console.log(`profile-step: backend ${info.name}, batch ${BATCH}, ${STEPS} steps after ${WARM} warm-up, load average ${load.map((l) => l.toFixed(2)).join(" ")}`);
  const rows = [];
  for (const objective of [{ kind: "elbo" }, { kind: "iwae", k: 5 }, { kind: "iwae", k: 50 }] as VaeObjective[]) {
    const r = profile(objective);
    rows.push(r);
    console.log(`  ${r.objective.padEnd(10)} kernels/step ${r.kernelsPerStep}${info.name === "tensorflow" ? `, TF ops/step ${r.nativeOpsPerStep}` : ""}, `
      + `${r.msPerStep.toFixed(2)} ms/step (CPU ${r.cpuMsPerStep.toFixed(2)} ms)\n    most frequent: ${r.topKernels}`);
  }
  const out = option("json", "");
  if (out) writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), backend: info.name, load: { start: load, end: loadavg() }, rows }, null, 2) + "\n");
}

void main();
