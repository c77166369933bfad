#!/usr/bin/env node
// Reproduces the data race behind the native backend's crash in worker threads (docs/benchmarks.md).
//
// tfjs-node 4.22's binding keeps attribute names in one process-wide `static std::set<std::string>
// ATTR_NAME_SET` (binding/tfjs_backend.cc, AssignOpAttr) and inserts every attribute name of every op
// into it, without a lock. Each worker thread loads the binding into its own isolate, but the set is the
// shared library's, one per process: two threads inserting a name it does not hold yet rebalance the same
// red-black tree at once (undefined behaviour: a corrupt tree, a crash in std::set or later in malloc).
// In training this happens while the set fills (the first time each op's attribute names are seen), with
// the workers executing the same op sequence in lockstep: rarely, which is why the bench crashed once.
// This script makes the race frequent: `workers` threads start together and execute ops with a new
// attribute name on every call (TensorFlow then rejects the op, after the name went into the set).
//
//   node scripts/native-worker-race.mjs [workers=2] [calls=20000]
// Prints one line; exit 0 when every thread finished (a crash is a signal, e.g. SIGSEGV / SIGABRT).
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(resolve(root, "package.json"));

if (isMainThread) {
  const workers = Number(process.argv[2] ?? 2), calls = Number(process.argv[3] ?? 20000);
  const barrier = new Int32Array(new SharedArrayBuffer(8));
  const t0 = Date.now();
  const done = Array.from({ length: workers }, (_, w) => new Promise((ok, fail) => {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { w, workers, calls, barrier: barrier.buffer } });
    worker.on("message", ok);
    worker.on("error", fail);
  }));
  const results = await Promise.all(done);
  console.log(`native-worker-race: ${workers} threads × ${calls} new attribute names each, all finished in ${Date.now() - t0} ms (${results.join(", ")})`);
} else {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= "2";
  const tf = require("@tensorflow/tfjs-node");
  await tf.setBackend("tensorflow");
  const backend = tf.backend();
  const binding = backend.binding;
  const x = tf.scalar(1);
  const ids = backend.getInputTensorIds([x]);
  const { w, workers, calls } = workerData;
  const barrier = new Int32Array(workerData.barrier);
  // start together: the last thread to arrive wakes the others
  if (Atomics.add(barrier, 0, 1) + 1 === workers) Atomics.notify(barrier, 0);
  else while (Atomics.load(barrier, 0) < workers) Atomics.wait(barrier, 0, Atomics.load(barrier, 0), 100);
  let rejected = 0;
  for (let j = 0; j < calls; j++) {
    try {
      binding.executeOp("Identity", [
        { name: "T", type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT },
        { name: `race_${w}_${j}`, type: binding.TF_ATTR_INT, value: j },
      ], ids, 1);
    } catch {
      rejected++;
    }
  }
  parentPort.postMessage(`thread ${w}: ${rejected} rejected`);
}
