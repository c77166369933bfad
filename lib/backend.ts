/**
 * Chooses the TensorFlow.js backend once per process and says which one it chose and why.
 *
 * Order: the native binding `tensorflow` (from the optional peer `@tensorflow/tfjs-node`) when it
 * is installed and registers, else `wasm` (`@tensorflow/tfjs-backend-wasm`, ships its .wasm
 * files, works offline), else `cpu` (plain JavaScript). `ELBOLAB_BACKEND=tensorflow|wasm|cpu`
 * overrides the order; a requested backend that cannot start is an error naming why, never a fallback.
 * The native backend runs one TensorFlow thread per process or worker (`TF_NUM_INTRAOP_THREADS` and
 * `TF_NUM_INTEROP_THREADS` default to 1 here), so its results do not depend on the machine's core count, and
 * oneDNN's kernels are capped at AVX2 (`ONEDNN_MAX_CPU_ISA`), so they do not depend on the CPU's vector width.
 *
 * A package named `@tensorflow/tfjs-node` may exist and not be the native binding (an npm override can
 * alias it to plain `@tensorflow/tfjs`), so the native backend is
 * detected by whether a backend named `tensorflow` registered, not by a successful require.
 */
import * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ArgumentError } from "./errors";

export type BackendName = "tensorflow" | "wasm" | "cpu";
export const BACKEND_NAMES: readonly BackendName[] = ["tensorflow", "wasm", "cpu"];

export interface BackendInfo {
  /** The backend in use. */
  name: BackendName;
  /** What ELBOLAB_BACKEND (or the argument) asked for, or "auto". */
  requested: BackendName | "auto";
  /** One line per backend tried, saying why it was or was not used. */
  log: string[];
  tfjsVersion: string;
}

let chosen: BackendInfo | null = null;
let pending: Promise<BackendInfo> | null = null;

function tryRegisterNative(): string | null {
  let pkgJson: string;
  try {
    pkgJson = require.resolve("@tensorflow/tfjs-node/package.json");
  } catch {
    return "not installed (optional peer @tensorflow/tfjs-node)";
  }
  const name = JSON.parse(readFileSync(pkgJson, "utf8")).name as string;
  if (name !== "@tensorflow/tfjs-node") {
    return `the package at ${dirname(pkgJson)} is ${name}, an alias, not the native binding`;
  }
  // TensorFlow's C++ logging prints start-up lines on stderr (oneDNN, CPU features) unless both are set
  process.env.TF_CPP_MIN_LOG_LEVEL ??= "2";
  process.env.TF_ENABLE_ONEDNN_OPTS ??= "0";
  // One thread per process or worker, as on wasm (the library's parallelism is its worker threads), and results
  // that do not depend on the machine's core count: TensorFlow splits reductions by its intra-op thread count.
  process.env.TF_NUM_INTRAOP_THREADS ??= "1";
  process.env.TF_NUM_INTEROP_THREADS ??= "1";
  // Results that do not depend on the machine's CPU either: TensorFlow's matrix products go through oneDNN, which
  // picks its kernels by the widest vector instructions the CPU has, and an AVX-512 kernel sums in another order
  // than an AVX2 one (measured: a 200×784 by 784×200 product differs in its last bits between ISA caps). Capped at
  // AVX2, which every x86-64 server of the last decade has; set ONEDNN_MAX_CPU_ISA yourself to lift it.
  process.env.ONEDNN_MAX_CPU_ISA ??= "AVX2";
  try {
    require(join(dirname(pkgJson)));
  } catch (e) {
    return `installed but failed to load: ${(e as Error).message.split("\n")[0]}`;
  }
  return tf.findBackendFactory("tensorflow") ? null : "loaded but registered no 'tensorflow' backend";
}

/**
 * tfjs-backend-wasm is an Emscripten module, and Emscripten's Node glue installs process handlers that rethrow
 * every uncaught exception and unhandled rejection (`process.on("unhandledRejection", (r) => { throw r })`):
 * from then on any rejected promise nobody awaits, anywhere in the process, ends it with exit code 7. In a
 * tslab kernel that turned a ZeroMQ "Socket is busy writing" in tslab's un-awaited status send into a dead
 * kernel (notebook 02's full run; reproduced with a burst of displays). A backend must not change how the
 * process treats errors: the handlers the backend's start added are removed again, so the process behaves
 * as without wasm (Node's default, or the host's own handlers: tslab logs such errors to the kernel's stderr).
 */
async function withoutAddedProcessHandlers<T>(start: () => Promise<T>): Promise<T> {
  type Listener = (...args: unknown[]) => void;
  const events = ["uncaughtException", "unhandledRejection"];
  const listeners = (e: string) => process.listeners(e as "exit") as unknown as Listener[];
  const before = events.map((e) => new Set(listeners(e)));
  try {
    return await start();
  } finally {
    events.forEach((e, i) => listeners(e).filter((l) => !before[i].has(l))
      .forEach((l) => process.removeListener(e, l)));
  }
}

async function trySet(name: BackendName): Promise<string | null> {
  if (name === "wasm") return withoutAddedProcessHandlers(() => trySetBackend(name));
  return trySetBackend(name);
}

async function trySetBackend(name: BackendName): Promise<string | null> {
  if (name === "tensorflow") {
    const why = tryRegisterNative();
    if (why) return why;
  } else if (name === "wasm") {
    try {
      require("@tensorflow/tfjs-backend-wasm");
    } catch (e) {
      return `@tensorflow/tfjs-backend-wasm failed to load: ${(e as Error).message.split("\n")[0]}`;
    }
  }
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name ? null : `tf.setBackend('${name}') returned false`;
  } catch (e) {
    return `tf.setBackend('${name}') threw: ${(e as Error).message.split("\n")[0]}`;
  }
}

async function choose(requested: BackendName | "auto"): Promise<BackendInfo> {
  const log: string[] = [];
  const order = requested === "auto" ? BACKEND_NAMES : [requested];
  for (const name of order) {
    const why = await trySet(name);
    if (why === null) {
      log.push(`${name}: in use`);
      return { name, requested, log, tfjsVersion: tf.version.tfjs };
    }
    log.push(`${name}: skipped, ${why}`);
  }
  if (requested !== "auto") {
    const hint = requested === "tensorflow" ? " (the native backend: run `npm run native:setup`, or unset ELBOLAB_BACKEND)" : "";
    throw new Error(`initBackend: the requested backend '${requested}' could not start, and a requested backend never falls back: ${log[0].replace(/^[a-z]+: skipped, /, "")}${hint}`);
  }
  throw new Error(`initBackend: no backend could start (${log.join("; ")})`);
}

/**
 * Tensor work before `initBackend` is an error, not a silent choice of the cpu backend: TensorFlow.js
 * would otherwise start the highest-priority backend registered at that moment, which before
 * `initBackend` has loaded the wasm module is the slow plain-JavaScript `cpu` backend (15× slower, and
 * float32 results that differ in the last bits from wasm). The guard wraps the engine's `backend`
 * accessor: while no backend has been set (by `initBackend`, or by the caller's own `tf.setBackend`),
 * any op throws `BackendNotInitialisedError` saying what to call. Once a backend is set it costs one
 * null check per access.
 */
export class BackendNotInitialisedError extends Error {
  constructor() {
    super("elbolab: tensor work before initBackend(): call `await initBackend()` (in a notebook `await startNotebook(...)`) "
      + "first, or set a backend yourself with `await tf.setBackend(...)`; elbolab does not silently fall back to the cpu backend");
    this.name = "BackendNotInitialisedError";
  }
}

function installGuard(): void {
  const engine = tf.engine() as unknown as { backendInstance: unknown; __elbolabGuard?: boolean };
  if (engine.__elbolabGuard) return; // one guard per engine, however many copies of this module load
  const accessor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(engine), "backend");
  if (!accessor?.get) return; // a TensorFlow.js without the accessor: no guard rather than a broken engine
  const get = accessor.get;
  Object.defineProperty(engine, "backend", {
    configurable: true,
    get(this: typeof engine) {
      if (this.backendInstance == null && pending === null) throw new BackendNotInitialisedError();
      return get.call(this);
    },
  });
  engine.__elbolabGuard = true;
}
installGuard();

/**
 * Starts the backend (once; later calls return the same answer). Call and await it before any
 * tensor work: `const info = await initBackend()`. `requested` defaults to $ELBOLAB_BACKEND or "auto".
 */
export function initBackend(requested?: string): Promise<BackendInfo> {
  const want = (requested ?? process.env.ELBOLAB_BACKEND ?? "auto").trim() || "auto";
  if (want !== "auto" && !BACKEND_NAMES.includes(want as BackendName)) {
    return Promise.reject(
      new ArgumentError("requested", "initBackend", `must be one of auto, ${BACKEND_NAMES.join(", ")}, got "${want}"`),
    );
  }
  if (chosen) {
    if (want !== "auto" && want !== chosen.name) {
      return Promise.reject(new Error(`initBackend: backend '${chosen.name}' is already in use; '${want}' was requested afterwards`));
    }
    return Promise.resolve(chosen);
  }
  if (!pending) {
    pending = choose(want as BackendName | "auto").then((info) => (chosen = info));
  }
  return pending;
}

/** The backend chosen by `initBackend`, or null before it has finished. */
export function backendInfo(): BackendInfo | null {
  return chosen;
}
