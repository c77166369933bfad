/**
 * A send queue under the tslab kernel's ZeroMQ sockets, so that no kernel message is lost and no burst of
 * output kills the kernel.
 *
 * zeromq.js (6.x) completes 512 sends of a socket synchronously and hands the 513th to the event loop; any
 * send issued before that one completes throws EBUSY, "Socket is busy writing; only one send operation may be
 * in progress at any time" (zeromq/src/socket.cc). The count runs over the socket's whole life (it resets
 * only when a send takes the slow path), so on a kernel's iopub socket every 513th message opens that window:
 * two sends in one tick fail whenever the first is the 513th, however far apart the cells' outputs are.
 * tslab sends every message with an un-awaited `sock.send(...)`: in a cell, the EBUSY fails the cell; in
 * tslab's own message handling (the "idle" status right after a cell's last output) it is an unhandled
 * rejection, which the rethrowing handler of tfjs-backend-wasm turned into the kernel's death with exit
 * code 7 (notebook 02's full run, 1 of 2; lib/backend.ts now removes that handler).
 *
 * `installKernelSendQueue()` wraps `Socket.prototype.send` of the zeromq module tslab loads: a send goes
 * straight to zeromq while nothing is queued; one that meets EBUSY, and every later one, waits in order in a
 * per-socket queue that is retried when the event loop turns (and then every millisecond while the socket
 * stays busy). The returned promise settles as zeromq's would; a send that zeromq rejects for another reason
 * (a closed socket) is reported on stderr rather than left as an unhandled rejection. Installed once per
 * process, by the first display in a kernel (lib/notebook/display.ts); a no-op outside tslab.
 */
import { dirname } from "node:path";

type Send = (this: object, message: unknown) => Promise<void>;
interface Pending { message: unknown; resolve: () => void; reject: (e: unknown) => void }

const queues = new WeakMap<object, { items: Pending[]; scheduled: boolean }>();
let installed: boolean | null = null;

const isBusy = (e: unknown) => (e as { code?: string })?.code === "EBUSY";

function warn(text: string): void {
  process.stderr.write(`elbolab: ${text}\n`);
}

function report(e: unknown): void {
  warn(`a kernel message could not be sent: ${(e as Error)?.message ?? String(e)}`);
}

/** The zeromq module tslab's kernel uses, or null outside an installation with tslab. */
function tslabZeromq(): { Socket: { prototype: { send: Send } } } | null {
  try {
    const tslabDir = dirname(require.resolve("tslab/package.json"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve("zeromq", { paths: [tslabDir] }));
  } catch {
    return null;
  }
}

/**
 * Wraps `send` of a zeromq Socket prototype with the queue (exported for the tests, which install it on a
 * zeromq module of their own). Idempotent per prototype.
 */
export function wrapSocketSend(proto: { send: Send & { __elbolabQueued?: true } }): void {
  if (proto.send.__elbolabQueued) return;
  const original = proto.send;
  const flush = (socket: object) => {
    const q = queues.get(socket)!;
    q.scheduled = false;
    while (q.items.length) {
      const item = q.items[0];
      let sent: Promise<void>;
      try {
        sent = original.call(socket, item.message);
      } catch (e) {
        if (isBusy(e)) { schedule(socket, 1); return; }
        q.items.shift();
        item.reject(e);
        continue;
      }
      q.items.shift();
      sent.then(item.resolve, item.reject);
    }
  };
  const schedule = (socket: object, ms: number) => {
    const q = queues.get(socket)!;
    if (q.scheduled) return;
    q.scheduled = true;
    if (ms === 0) setImmediate(() => flush(socket));
    else setTimeout(() => flush(socket), ms);
  };
  const queued = function (this: object, message: unknown): Promise<void> {
    let q = queues.get(this);
    if (!q) { q = { items: [], scheduled: false }; queues.set(this, q); }
    if (q.items.length === 0) {
      try {
        const sent = original.call(this, message);
        sent.catch(report);
        return sent;
      } catch (e) {
        if (!isBusy(e)) throw e;
      }
    }
    const promise = new Promise<void>((resolve, reject) => q!.items.push({ message, resolve, reject }));
    promise.catch(report);
    schedule(this, 0);
    return promise;
  } as Send & { __elbolabQueued?: true };
  queued.__elbolabQueued = true;
  // the native prototype's `send` is read-only (writable: false) but configurable
  Object.defineProperty(proto, "send", { value: queued, writable: false, enumerable: false, configurable: true });
}

/** Installs the queue on tslab's zeromq sockets; returns whether it is in place. */
export function installKernelSendQueue(): boolean {
  if (installed !== null) return installed;
  const zmq = tslabZeromq();
  installed = false;
  if (zmq?.Socket?.prototype?.send) {
    try {
      wrapSocketSend(zmq.Socket.prototype as never);
      installed = true;
    } catch (e) {
      warn(`the kernel send queue could not be installed (${(e as Error).message}); a burst of more than 512 ` +
        "messages in one synchronous stretch will fail with 'Socket is busy writing'");
    }
  }
  return installed;
}
