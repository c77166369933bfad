/**
 * The kernel send queue (lib/notebook/kernel-send-queue.ts) on real zeromq sockets. zeromq.js completes 512
 * sends of a socket synchronously and hands the 513th to the event loop, counting over the socket's whole life
 * (the count resets only when a send takes that slow path): two sends in one tick, with the event loop turning
 * between pairs, throw EBUSY at the 514th send without the queue. With it, pairs and a 1000-message burst in one
 * synchronous stretch arrive whole and in order. Runs in a child process, whose zeromq prototype it may patch.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

function burst(withQueue: boolean): { received: number; inOrder: boolean; error: string | null } {
  const script = `
    const zmq = require("zeromq");
    const { wrapSocketSend } = require(${JSON.stringify(join(ROOT, "lib", "dist", "notebook", "kernel-send-queue.js"))});
    if (${withQueue}) wrapSocketSend(zmq.Socket.prototype);
    (async () => {
      const pub = new zmq.Publisher(), sub = new zmq.Subscriber();
      const addr = "inproc://burst";
      await pub.bind(addr); sub.connect(addr); sub.subscribe();
      await new Promise((r) => setTimeout(r, 200)); // the subscription reaches the publisher
      const n = 3000, got = []; let error = null, sent = 0;
      (async () => { for await (const [m] of sub) got.push(Number(m.toString())); })().catch(() => {});
      try {
        // 1000 pairs sent in one tick each, the event loop turning between pairs (a display and tslab's status)
        for (let i = 0; i < 2000; i += 2) {
          pub.send(String(i)); sent++; pub.send(String(i + 1)); sent++;
          await new Promise((r) => setImmediate(r));
        }
        for (let i = 2000; i < n; i++) { pub.send(String(i)); sent++; } // a burst in one synchronous stretch
      } catch (e) { error = e.code + " after " + sent + " sends: " + e.message; }
      for (let waited = 0; !error && got.length < n && waited < 10_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      console.log(JSON.stringify({ received: got.length, inOrder: got.every((v, i) => v === i), error }));
      process.exit(0); // a send still pending without the queue would reject when the sockets close
    })();`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 }).trim());
}

describe("kernel send queue", () => {
  test("without it the 514th send, the second of a pair, throws EBUSY (the failure it exists for)", () => {
    const r = burst(false);
    assert.match(r.error ?? "", /^EBUSY after 513 sends: Socket is busy writing/);
  });
  test("with it 1000 pairs and a burst of 1000, 3000 messages, arrive whole and in order", () => {
    assert.deepEqual(burst(true), { received: 3000, inOrder: true, error: null });
  });
});
