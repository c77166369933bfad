/**
 * TEST-ONLY fault injection for worker threads, so tests can reproduce a dead or silent worker
 * deterministically. Set before the pool is created (workers copy the environment when they start):
 *
 *   ELBOLAB_FAULT='{"worker":1,"phase":"step","step":3,"kind":"exit"}'
 *
 * Worker `worker` (its index in its pool; default: whichever worker gets there), on entering `phase` (see `PHASES` in liveness.ts) of step
 * `step` (default: any step), then
 *
 *   exit   calls process.exit(FAULT_EXIT_CODE)   (also stands for a native abort: the thread is gone)
 *   hang   loops forever without a heartbeat     (a thread that stops answering)
 *   kill   asks its pool to `worker.terminate()` it, as an outsider would (no exit handler runs), and blocks
 *   throw  throws an Error (a task that fails in the ordinary way)
 *
 * Not for use outside tests: nothing in the library sets it, and a malformed value is an error naming it.
 */
import { ArgumentError } from "../errors";

export const FAULT_EXIT_CODE = 70;
const KINDS = ["exit", "hang", "kill", "throw"] as const;

export interface FaultSpec {
  worker?: number;
  phase: string;
  step?: number;
  kind: (typeof KINDS)[number];
}

let parsed: FaultSpec | null | undefined;

/** The fault of $ELBOLAB_FAULT (read once per thread), or null. */
export function faultSpec(): FaultSpec | null {
  if (parsed !== undefined) return parsed;
  const text = process.env.ELBOLAB_FAULT?.trim();
  if (!text) return (parsed = null);
  let spec: FaultSpec;
  try {
    spec = JSON.parse(text) as FaultSpec;
  } catch {
    throw new ArgumentError("ELBOLAB_FAULT", "faultSpec", `must be JSON { worker, phase, step?, kind }, got ${JSON.stringify(text)}`);
  }
  const ok = spec !== null && typeof spec === "object" && (spec.worker === undefined || Number.isInteger(spec.worker)) && typeof spec.phase === "string" &&
    (spec.step === undefined || Number.isInteger(spec.step)) && KINDS.includes(spec.kind);
  if (!ok) throw new ArgumentError("ELBOLAB_FAULT", "faultSpec", `must be { worker?: integer, phase: string, step?: integer, kind: ${KINDS.join(" | ")} }, got ${text}`);
  return (parsed = spec);
}

/** The fault to inject now in worker `worker` entering `phase` of `step`, or null. */
export function workerFault(worker: number, phase: string, step: number): FaultSpec | null {
  const f = faultSpec();
  return f && (f.worker === undefined || f.worker === worker) && f.phase === phase && (f.step === undefined || f.step === step) ? f : null;
}

/** Carries out `fault` in this thread; `requestKill` writes the request the pool acts on. */
export function injectFault(fault: FaultSpec, requestKill: () => void): void {
  const where = `worker ${fault.worker ?? "any"}, phase ${fault.phase}, step ${fault.step ?? "any"}`;
  if (fault.kind === "exit") process.exit(FAULT_EXIT_CODE);
  if (fault.kind === "throw") throw new Error(`injected fault (${where})`);
  if (fault.kind === "kill") {
    requestKill();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
  for (;;); // hang: no heartbeat, no way out but termination
}
