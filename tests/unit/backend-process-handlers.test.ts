/**
 * Starting the wasm backend leaves the process's error handling as it was (lib/backend.ts): Emscripten's glue
 * adds handlers that rethrow every unhandled rejection, which made any un-awaited rejected promise (tslab's
 * status sends) end a kernel with exit code 7. In a child process with a host handler like tslab's, an
 * unhandled rejection after `initBackend` is logged by the host and the process lives on.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

describe("backend start and process handlers", () => {
  test("after initBackend('wasm') an unhandled rejection reaches the host's handler, not a rethrow", () => {
    const script = `
      process.on("unhandledRejection", (r) => console.log("host logged: " + r.message));
      const { initBackend } = require(${JSON.stringify(join(ROOT, "lib", "dist", "index.js"))});
      (async () => {
        const before = process.listeners("unhandledRejection").length;
        const b = await initBackend();
        console.log("backend " + b.name + ", handlers " + before + " -> " + process.listeners("unhandledRejection").length);
        Promise.reject(new Error("nobody awaits this"));
        setTimeout(() => console.log("still alive"), 50);
      })();`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000,
      env: { ...process.env, ELBOLAB_BACKEND: "wasm" } });
    assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);
    assert.deepEqual(r.stdout.trim().split("\n"), ["backend wasm, handlers 1 -> 1", "host logged: nobody awaits this", "still alive"]);
  });
});
