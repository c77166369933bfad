#!/usr/bin/env node
// TensorFlow.js's native backend ("tensorflow", @tensorflow/tfjs-node) without its install script,
// which downloads libtensorflow from storage.googleapis.com (unreachable on this project's machines).
// The TensorFlow C API comes from PyPI instead: the tensorflow-cpu wheel ships it inside
// libtensorflow_cc.so.2 (every TF_/TFE_ function the tfjs-node 4.22 binding calls is exported there).
//
//   npm run native:setup              (needs Python with pip, a C++ compiler, make and Node's headers)
//   npm run native:setup -- --force   (rebuild even when the stamp says it is built)
//
// Steps: `pip download --no-deps tensorflow-cpu==TF_VERSION` (273 MB, into .native/, kept for re-runs); npm
// installs @tensorflow/tfjs-node (--no-save --ignore-scripts: package.json and the lock file stay as they
// are, and `npm ci` removes it again); the C headers and the two shared libraries (853 MB) are extracted
// from the wheel into its deps/ folder (Python's zipfile, CRC-checked); the binding's source gets one patch
// (PATCHES below: a lock around a process-wide std::set that worker threads otherwise write at once);
// node-gyp builds it against Node's own headers (--nodedir: nothing downloaded), and the binding finds the
// libraries through its rpath ($ORIGIN/../../deps/lib). Last, a stamp (deps/elbolab-native.json) records
// what was built, after a child process has started the backend with initBackend("tensorflow").
//
// Idempotent: when the stamp matches this script's versions, patches and Node's ABI and the backend
// starts, a re-run says so and changes nothing (seconds). Every failure names the step and what to do,
// and exits 1. Downloads: PyPI (the wheel, through pip's configured index) and the npm registry only.
// Undo: `npm ci` (or `npm uninstall --no-save @tensorflow/tfjs-node`) and `rm -rf .native`.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, renameSync } from "node:fs";
import { arch, platform } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TF_VERSION = "2.21.0";
const TFJS_NODE_VERSION = "4.22.0"; // the version of @tensorflow/tfjs in lib/package.json
const NODE_GYP = "node-gyp@10.3.1";
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cache = join(root, ".native");
const python = process.env.ELBOLAB_PYTHON ?? "python3";
const force = process.argv.includes("--force");
const pkg = join(root, "node_modules", "@tensorflow", "tfjs-node");
const deps = join(pkg, "deps");
const stampPath = join(deps, "elbolab-native.json");
const bindingPath = join(pkg, "lib", "napi-v8", "tfjs_binding.node");

/**
 * Source patches of the binding, applied before the build; each must match exactly once.
 * ATTR_NAME_SET: AssignOpAttr inserts every op attribute's name into one process-wide std::set, which every
 * worker thread (each its own isolate, one shared library) writes without a lock: concurrent inserts of a new
 * name are a data race on a red-black tree (undefined behaviour). A mutex makes the insert safe; the set's
 * nodes are never erased, so the returned c_str() stays valid after the lock is released.
 */
const PATCHES = [
  { file: "binding/tfjs_backend.cc", from: "#include <set>\n", to: "#include <mutex>\n#include <set>\n" },
  {
    file: "binding/tfjs_backend.cc",
    from: "static std::set<std::string> ATTR_NAME_SET;\n",
    to: "static std::set<std::string> ATTR_NAME_SET;\n// elbolab: worker threads share this set (one per process); guard it.\nstatic std::mutex ATTR_NAME_MUTEX;\n",
  },
  {
    file: "binding/tfjs_backend.cc",
    from: "  const char *attr_name =\n      ATTR_NAME_SET.insert(attr_name_string.c_str()).first->c_str();\n",
    to: "  const char *attr_name;\n  {\n    std::lock_guard<std::mutex> lock(ATTR_NAME_MUTEX);\n"
      + "    attr_name = ATTR_NAME_SET.insert(attr_name_string.c_str()).first->c_str();\n  }\n",
  },
];

const want = {
  tensorflow: TF_VERSION,
  tfjsNode: TFJS_NODE_VERSION,
  nodeModulesAbi: process.versions.modules,
  napi: process.versions.napi,
  patches: createHash("sha256").update(JSON.stringify(PATCHES)).digest("hex").slice(0, 16),
};

function fail(step, message) {
  console.error(`native:setup: ${step} failed: ${message}`);
  process.exit(1);
}

function run(step, command, argv, options = {}) {
  console.log(`$ ${command} ${argv.join(" ")}`);
  const r = spawnSync(command, argv, { stdio: "inherit", ...options });
  if (r.error) fail(step, `could not start '${command}': ${r.error.message}`);
  if (r.status !== 0) fail(step, `'${command} ${argv.slice(0, 3).join(" ")} …' exited with ${r.status ?? r.signal} (its output is above)`);
}

function has(command, args = ["--version"]) {
  const r = spawnSync(command, args, { encoding: "utf8" });
  return !r.error && r.status === 0;
}

/** Starts the backend in a child process, as a user would; null when it starts, else why not. */
function probe() {
  const code = "import('./lib/dist/index.js').then(async (m) => { const b = await m.initBackend('tensorflow'); "
    + "const t = m.tf.add(m.tf.tensor([1, 2]), 1); console.log(b.name + ' ' + t.dataSync().join(',')); })";
  const r = spawnSync(process.execPath, ["-e", code], { cwd: root, encoding: "utf8", env: { ...process.env, ELBOLAB_BACKEND: "" } });
  if (r.status === 0 && r.stdout.trim() === "tensorflow 2,3") return { ok: true, stderr: r.stderr };
  return { ok: false, why: `${r.stdout}${r.stderr}`.trim() || `exit ${r.status ?? r.signal}` };
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampPath, "utf8"));
  } catch {
    return null;
  }
}

// --- already set up?
const stamp = readStamp();
if (!force && stamp && JSON.stringify(stamp.built) === JSON.stringify(want) && existsSync(bindingPath)) {
  const p = probe();
  if (p.ok) {
    console.log(`native:setup: already set up (TensorFlow ${TF_VERSION}, tfjs-node ${TFJS_NODE_VERSION}, built ${stamp.date}); nothing to do (--force rebuilds)`);
    process.exit(0);
  }
  console.log(`native:setup: the stamp matches but the backend does not start (${p.why.split("\n")[0]}); rebuilding`);
}

// --- prerequisites, before anything is changed
if (platform() !== "linux" || arch() !== "x64") {
  fail("checking the platform", `PyPI's tensorflow-cpu wheel with the C API this script uses is for Linux x86-64; this is ${platform()}-${arch()} (elsewhere: npm install @tensorflow/tfjs-node@${TFJS_NODE_VERSION} the usual way)`);
}
const nodeDir = resolve(dirname(process.execPath), ".."); // <prefix>/include/node beside <prefix>/bin/node
if (!existsSync(join(nodeDir, "include", "node", "node_api.h"))) {
  fail("checking Node's headers", `they are not in ${join(nodeDir, "include", "node")} (Debian: apt-get install libnode-dev; nodejs.org builds ship them); node-gyp would try to download them`);
}
if (!has(python, ["-m", "pip", "--version"])) fail("checking Python", `'${python} -m pip' does not run (install Python ≥ 3.11 with pip, or set ELBOLAB_PYTHON)`);
for (const [tool, debian] of [["c++", "g++"], ["make", "make"]]) {
  if (!has(tool)) fail("checking the build tools", `'${tool}' is not on PATH (Debian: apt-get install ${debian})`);
}

if (!existsSync(join(root, "lib", "dist", "index.js"))) fail("checking the library", "lib/dist/index.js is missing: run `npm install` (or `npm run build`) first");

// --- the wheel (kept in .native/ between runs)
mkdirSync(cache, { recursive: true });
const wheelName = () => readdirSync(cache).find((f) => f.startsWith(`tensorflow_cpu-${TF_VERSION}-`) && f.endsWith(".whl"));
if (!wheelName()) {
  run("downloading the tensorflow-cpu wheel from PyPI", python,
    ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check", `tensorflow-cpu==${TF_VERSION}`, "-d", cache]);
  if (!wheelName()) fail("downloading the tensorflow-cpu wheel from PyPI", `pip reported success but no tensorflow_cpu-${TF_VERSION}-*.whl is in ${cache}`);
}
const wheel = join(cache, wheelName());

// --- the npm package, without its install script
run("installing @tensorflow/tfjs-node from npm", "npm",
  ["install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", `@tensorflow/tfjs-node@${TFJS_NODE_VERSION}`], { cwd: root });
const installed = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
if (installed.name !== "@tensorflow/tfjs-node" || installed.version !== TFJS_NODE_VERSION) {
  fail("installing @tensorflow/tfjs-node from npm", `${pkg} holds ${installed.name}@${installed.version}, not @tensorflow/tfjs-node@${TFJS_NODE_VERSION}`);
}

// --- headers and libraries from the wheel (zipfile checks each member's CRC while extracting)
rmSync(deps, { recursive: true, force: true });
mkdirSync(join(deps, "lib"), { recursive: true });
const extract = `
import sys, zipfile, shutil, os, fnmatch
wheel, deps = sys.argv[1], sys.argv[2]
libs = {"tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2"}
headers = ["tensorflow/include/tensorflow/c/*", "tensorflow/include/tensorflow/core/platform/ctstring*",
           "tensorflow/include/tsl/platform/ctstring*", "tensorflow/include/xla/tsl/c/*"]
found = set()
try:
    z = zipfile.ZipFile(wheel)
except zipfile.BadZipFile as e:
    sys.exit(f"{wheel} is not a readable wheel ({e}); delete it and re-run")
with z:
    for info in z.infolist():
        n = info.filename
        if n.endswith("/"):
            continue
        if n in libs:
            target = os.path.join(deps, "lib", os.path.basename(n))
        elif any(fnmatch.fnmatch(n, h) for h in headers):
            target = os.path.join(deps, "include", n[len("tensorflow/include/"):])
        else:
            continue
        found.add(n if n in libs else "headers")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            with z.open(info) as src, open(target + ".part", "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except zipfile.BadZipFile as e:
            sys.exit(f"{n} in {wheel} is corrupt ({e}); delete the wheel and re-run")
        os.replace(target + ".part", target)
missing = (libs | {"headers"}) - found
if missing:
    sys.exit(f"{wheel} lacks {sorted(missing)}: not the tensorflow-cpu wheel this script expects")
`;
run("extracting the TensorFlow C API from the wheel", python, ["-c", extract, wheel, deps]);

// --- the patch, then the build
// an earlier run's patched files stay: npm keeps an installed package's files as they are
const patched = readFileSync(join(pkg, PATCHES[0].file), "utf8").includes("ATTR_NAME_MUTEX");
for (const p of patched ? [] : PATCHES) {
  const file = join(pkg, p.file);
  const text = readFileSync(file, "utf8");
  const count = text.split(p.from).length - 1;
  if (count !== 1) {
    fail("patching the binding's source", `${p.file} holds ${count} copies of the text to patch (expected 1: is this tfjs-node ${TFJS_NODE_VERSION}?): ${JSON.stringify(p.from)}`);
  }
  writeFileSync(file, text.replace(p.from, p.to));
}
// the binding links -ltensorflow -ltensorflow_framework; the C API lives in libtensorflow_cc here
symlinkSync("libtensorflow_cc.so.2", join(deps, "lib", "libtensorflow.so"));
symlinkSync("libtensorflow_framework.so.2", join(deps, "lib", "libtensorflow_framework.so"));
run("building the binding (node-gyp, from npm)", "npm",
  ["exec", "--yes", `--package=${NODE_GYP}`, "--", "node-gyp", "rebuild", `--nodedir=${nodeDir}`, "-j", "1", "--",
    "-Dmodule_name=tfjs_binding", "-Dmodule_path=lib/napi-v8"], { cwd: pkg });
rmSync(join(deps, "lib", "libtensorflow.so"));
rmSync(join(deps, "lib", "libtensorflow_framework.so"));

const p = probe();
if (!p.ok) fail("starting the built backend", `initBackend('tensorflow') in a child process: ${p.why}`);
if (p.stderr.trim()) console.log(`native:setup: note, the backend printed on stderr:\n${p.stderr}`);
const stampTmp = `${stampPath}.tmp`;
writeFileSync(stampTmp, JSON.stringify({ built: want, wheel: wheelName(), date: new Date().toISOString() }, null, 2) + "\n");
renameSync(stampTmp, stampPath);
console.log(`native:setup: done, ELBOLAB_BACKEND=tensorflow (or auto) starts it (TensorFlow ${TF_VERSION} from PyPI, tfjs-node ${TFJS_NODE_VERSION}, patched: ATTR_NAME_SET lock); ELBOLAB_BACKEND=wasm keeps wasm`);
