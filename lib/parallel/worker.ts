/**
 * The script a `WorkerPool` thread runs (compiled to lib/dist/parallel/worker.js): it starts the backend
 * the parent uses (`workerData.backend`, so every thread computes with the same kernels), says "ready",
 * then answers { id, task, payload } messages with { id, ok, result } or { id, ok: false, error } by
 * running `TASKS[task]`, one message at a time. A task may report progress on the way, sent as
 * { id, progress } (for example one message per training epoch).
 *
 * Liveness: the thread joins its pool's liveness words (`workerData.liveness`, its index
 * `workerData.index`; liveness.ts) first, enters phase "start" while the backend starts and rests in
 * "idle" after each task; tasks beat as they go.
 */
import { parentPort, workerData } from "node:worker_threads";
import { initBackend } from "../backend";
import { TASKS } from "./tasks";
import { beat, joinLiveness, rest } from "./liveness";

interface Request { id: number; task: string; payload: unknown }
interface Data { backend: string; liveness: SharedArrayBuffer; index: number }

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("elbolab worker.ts must run in a worker thread (WorkerPool starts it)");
  const data = workerData as Data;
  joinLiveness(data.liveness, data.index);
  try {
    beat("start", 0);
    const info = await initBackend(data.backend);
    port.postMessage({ ready: true, backend: info.name });
  } catch (e) {
    port.postMessage({ ready: false, error: (e as Error).message });
    return;
  }
  port.on("message", (msg: Request) => {
    try {
      const fn = TASKS[msg.task];
      if (!fn) throw new Error(`unknown task "${msg.task}" (known: ${Object.keys(TASKS).join(", ")})`);
      const result = fn(msg.payload, (progress: unknown) => port.postMessage({ id: msg.id, progress }));
      const transfer = result instanceof Float32Array && result.byteOffset === 0 && result.byteLength === result.buffer.byteLength ? [result.buffer as ArrayBuffer] : [];
      port.postMessage({ id: msg.id, ok: true, result }, transfer);
    } catch (e) {
      const err = e as Error;
      port.postMessage({ id: msg.id, ok: false, error: { name: err.name, message: err.message, stack: err.stack } });
    }
    beat("idle", 0);
    rest();
  });
}

void main();
