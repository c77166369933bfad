/**
 * npm run protocol -- --passes N [--models vae,iwae5,iwae50] [--backend wasm|native] [--out DIR]
 *
 * The IWAE paper's schedule (runProtocol, lib/models/protocol.ts) to N passes, continuing from the newest valid
 * checkpoint in DIR (default output/protocol): every stage boundary (1, 4, 13, 40, 121, … passes) is checkpointed
 * and evaluated (test L_5000 ± SE, active units) into DIR/stages.json. Kill it at any time and start it again with
 * the same arguments: it continues, with the same bits as a run never interrupted.
 *
 * Smaller settings (tests, a try-out; a folder holds one setting): --train-size n, --test-size n, --eval-k k,
 * --hidden 200,200, --latent 50, --seed 6. Also --workers n (default every core), --checkpoint-seconds s (600),
 * --checkpoint-steps n (none), --progress-seconds s (10; 0 prints after every step).
 * Progress goes to stdout, one line at a time; nothing is written to stderr unless the run fails.
 */
import { initBackend, runProtocol, PROTOCOL_MODELS, type ProtocolModel, type ProtocolProgress } from "elbolab";

const argv = process.argv.slice(2);
const known = new Set(["passes", "models", "backend", "out", "train-size", "test-size", "eval-k", "hidden", "latent",
  "seed", "workers", "checkpoint-seconds", "checkpoint-steps", "progress-seconds"]);
const args = new Map<string, string>();
for (let i = 0; i < argv.length; i += 2) {
  const name = argv[i].replace(/^--/, "");
  if (!argv[i].startsWith("--") || !known.has(name) || argv[i + 1] === undefined) {
    console.error(`protocol: unknown or incomplete option ${argv[i]} (options: ${[...known].map((k) => `--${k}`).join(" ")})`);
    process.exit(2);
  }
  args.set(name, argv[i + 1]);
}
const int = (name: string): number | undefined => {
  const text = args.get(name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    console.error(`protocol: --${name} must be a non-negative integer, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return Number(text);
};

async function main(): Promise<void> {
  const passes = int("passes");
  if (passes === undefined) throw new Error("protocol: --passes N is required (e.g. --passes 13: stages 1, 4 and 13)");
  const backend = args.get("backend");
  if (backend !== undefined && backend !== "wasm" && backend !== "native") throw new Error(`protocol: --backend must be wasm or native, got ${backend}`);
  const info = await initBackend(backend === "native" ? "tensorflow" : backend);
  const models = args.get("models")?.split(",").map((m) => m.trim()) as ProtocolModel[] | undefined;
  const hidden = args.get("hidden")?.split(",").map(Number);
  const latent = int("latent");
  const vaeConfig = hidden || latent ? { inputSize: 784, hidden: hidden ?? [200, 200], latentSize: latent ?? 50, activation: "tanh" as const } : undefined;
  const out = args.get("out") ?? "output/protocol";
  const every = (int("progress-seconds") ?? 10) * 1000;
  let last = 0;
  const hms = (s: number) => (!Number.isFinite(s) ? "?" : s < 90 ? `${s.toFixed(0)} s` : s < 5400 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);
  const onProgress = (p: ProtocolProgress) => {
    const now = Date.now();
    if (p.phase === "training" && now - last < every) return;
    last = now;
    if (p.phase === "evaluating") {
      console.log(`evaluating ${p.model} at ${p.pass} passes (stage ${p.stage}): test L_k ± SE and active units`);
      return;
    }
    const what = p.phase === "checkpoint" ? "checkpoint written," : "training";
    const left = Number.isFinite(p.secondsLeft) ? `${hms(p.secondsLeft)} of training left to ${p.target} passes`
      : `time left known once every model has trained a while`;
    console.log(`${what} ${p.model}: pass ${p.pass.toFixed(2)} of ${p.target} (stage ${p.stage}, step ${p.step}), `
      + `${Number.isFinite(p.imagesPerSecond) ? p.imagesPerSecond.toFixed(0) : "?"} images/s, ${left}`);
  };
  console.log(`protocol: ${passes} passes of ${(models ?? Object.keys(PROTOCOL_MODELS)).join(", ")} on ${info.name}, into ${out}`);
  const stages = await runProtocol({
    passes, out, models, vaeConfig, onProgress,
    trainSize: int("train-size"), testSize: int("test-size"), evalK: int("eval-k"), seed: int("seed"), workers: int("workers"),
    checkpointSeconds: int("checkpoint-seconds"), checkpointSteps: int("checkpoint-steps"),
  });
  for (const s of stages.results) {
    console.log(`stage ${s.stage} (${s.passes} passes) ${s.model}: test NLL ${(-s.testLogLikelihood).toFixed(3)} ± ${s.se.toFixed(3)}, `
      + `${s.activeUnits} active units`);
  }
  console.log(`protocol: done, results in ${out}/stages.json`);
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
