#!/usr/bin/env node
// Opt-in: TensorFlow.js's native backend ("tensorflow", @tensorflow/tfjs-node) without its install
// script, which downloads libtensorflow from storage.googleapis.com (unreachable on this project's
// machines). The TensorFlow C API comes from PyPI instead: the tensorflow-cpu wheel ships it inside
// libtensorflow_cc.so.2 (every TF_/TFE_ function the tfjs-node 4.22 binding calls is exported there).
//
//   npm run native:setup            (needs Python with pip, a C++ compiler and Node's headers)
//
// Steps: `pip download --no-deps tensorflow-cpu==TF_VERSION` (273 MB, into .native/); npm installs
// @tensorflow/tfjs-node (--no-save --ignore-scripts: package.json and the lock file stay as they are,
// and `npm ci` removes it again); the C headers and the two shared libraries (853 MB) are unpacked into
// its deps/ folder; node-gyp builds the binding against Node's own headers (--nodedir, nothing
// downloaded), which finds the libraries through its rpath ($ORIGIN/../../deps/lib). Then initBackend()
// picks "tensorflow" first (ELBOLAB_BACKEND=wasm keeps wasm). The snapshots of `npm test` are recorded
// on wasm: on the native backend the notebooks' numbers move in the last float32 bits.
// Undo: `npm ci` (or `npm uninstall --no-save @tensorflow/tfjs-node`) and `rm -rf .native`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TF_VERSION = "2.21.0";
const TFJS_NODE_VERSION = "4.22.0"; // the version of @tensorflow/tfjs in lib/package.json
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cache = join(root, ".native");
const python = process.env.ELBOLAB_PYTHON ?? "python3";

function run(command, argv, options = {}) {
  console.log(`$ ${command} ${argv.join(" ")}`);
  const r = spawnSync(command, argv, { stdio: "inherit", ...options });
  if (r.status !== 0) {
    console.error(`native:setup: '${command} ${argv[0]} …' failed (exit ${r.status ?? r.signal}); nothing else was changed`);
    process.exit(1);
  }
}

// Node's headers: <prefix>/include/node beside <prefix>/bin/node (Debian's and nodejs.org's layouts)
const nodeDir = resolve(dirname(process.execPath), "..");
if (!existsSync(join(nodeDir, "include", "node", "node_api.h"))) {
  console.error(`native:setup: Node's headers are not in ${join(nodeDir, "include", "node")} (Debian: apt-get install libnode-dev); node-gyp would try to download them`);
  process.exit(1);
}

mkdirSync(cache, { recursive: true });
const wheelName = () => readdirSync(cache).find((f) => f.startsWith(`tensorflow_cpu-${TF_VERSION}-`) && f.endsWith(".whl"));
if (!wheelName()) run(python, ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", `tensorflow-cpu==${TF_VERSION}`, "-d", cache]);
const wheel = join(cache, wheelName());

run("npm", ["install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", `@tensorflow/tfjs-node@${TFJS_NODE_VERSION}`], { cwd: root });
const pkg = join(root, "node_modules", "@tensorflow", "tfjs-node");
const deps = join(pkg, "deps");
rmSync(deps, { recursive: true, force: true });
mkdirSync(join(deps, "lib"), { recursive: true });
const unpacked = join(cache, "unpacked");
rmSync(unpacked, { recursive: true, force: true });
run("unzip", ["-q", "-o", wheel,
  "tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2",
  "tensorflow/include/tensorflow/c/*", "tensorflow/include/tensorflow/core/platform/ctstring*",
  "tensorflow/include/tsl/platform/ctstring*", "tensorflow/include/xla/tsl/c/*",
  "-d", unpacked]);
run("mv", [join(unpacked, "tensorflow", "include"), join(deps, "include")]);
for (const lib of ["libtensorflow_cc.so.2", "libtensorflow_framework.so.2"]) {
  run("mv", [join(unpacked, "tensorflow", lib), join(deps, "lib", lib)]);
}
rmSync(unpacked, { recursive: true, force: true });
// the binding links -ltensorflow -ltensorflow_framework; the C API lives in libtensorflow_cc here
symlinkSync("libtensorflow_cc.so.2", join(deps, "lib", "libtensorflow.so"));
symlinkSync("libtensorflow_framework.so.2", join(deps, "lib", "libtensorflow_framework.so"));
run("npm", ["exec", "--yes", "--package=node-gyp@10", "--", "node-gyp", "rebuild", `--nodedir=${nodeDir}`, "-j", "1", "--",
  "-Dmodule_name=tfjs_binding", "-Dmodule_path=lib/napi-v8"], { cwd: pkg });
rmSync(join(deps, "lib", "libtensorflow.so"));
rmSync(join(deps, "lib", "libtensorflow_framework.so"));

const probe = "import('./lib/dist/index.js').then(async (m) => { const b = await m.initBackend(); console.log(b.name); })";
const r = spawnSync(process.execPath, ["-e", probe], { cwd: root, encoding: "utf8" });
if (r.status !== 0 || r.stdout.trim() !== "tensorflow") {
  console.error(`native:setup: built, but initBackend() did not pick it: ${r.stdout}${r.stderr}`);
  process.exit(1);
}
if (r.stderr.trim()) console.log(`native:setup: note, the backend printed on stderr:\n${r.stderr}`);
console.log(`native:setup: initBackend() now picks "tensorflow" (TensorFlow ${TF_VERSION} from PyPI, tfjs-node ${TFJS_NODE_VERSION}); ELBOLAB_BACKEND=wasm keeps wasm`);
