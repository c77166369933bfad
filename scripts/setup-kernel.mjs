#!/usr/bin/env node
// Jupyter for the project, and the tslab kernel registered in the project only.
//
//   node scripts/setup-kernel.mjs            (npm install runs this as postinstall)
//   node scripts/setup-kernel.mjs --require  exit non-zero when Jupyter could not be set up (CI, `npm run setup`)
//
// Which Python runs Jupyter:
//   - $ELBOLAB_PYTHON, when set: a Python that already has nbclient, nbconvert and jupyter_client
//     (and jupyterlab for `npm run lab`). Nothing is installed.
//   - otherwise .venv/ in the project: created with `python3 -m venv` and filled from the pinned
//     requirements-jupyter.txt by pip (PyPI). No root, no apt, nothing global. A stamp file holds the
//     hash of the requirements and the Python version, so a re-run with nothing changed skips pip.
// Then `tslab install --prefix=.jupyter` registers the kernel in .jupyter/share/jupyter (the user's own
// Jupyter configuration is not touched), and .jupyter/elbolab-jupyter.json records the choice for the
// notebook runner and `npm run lab`.
//
// Without --require a failure prints what to do and exits 0: the library itself needs no Python.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const jupyterDir = join(root, ".jupyter");
const venvDir = join(root, ".venv");
const requirementsFile = join(root, "requirements-jupyter.txt");
const stampFile = join(venvDir, "elbolab-requirements.sha256");
const venvPython = process.platform === "win32" ? join(venvDir, "Scripts", "python.exe") : join(venvDir, "bin", "python");
const args = new Set(process.argv.slice(2));
const MIN_PYTHON = [3, 11]; // ipython 9 in requirements-jupyter.txt needs 3.11

class SetupError extends Error {}

function run(command, argv, options = {}) {
  return spawnSync(command, argv, { encoding: "utf8", ...options });
}

const probed = new Map();

/** Versions of the Jupyter pieces in `python`, or null when nbclient/nbconvert/jupyter_client are missing. */
function jupyterIn(python, fresh = false) {
  if (!fresh && probed.has(python)) return probed.get(python);
  const versions = probeJupyter(python);
  probed.set(python, versions);
  return versions;
}

function probeJupyter(python) {
  const code =
    "import json, nbclient, nbconvert, jupyter_client\n" +
    "try:\n  import jupyterlab; lab = jupyterlab.__version__\nexcept ImportError:\n  lab = None\n" +
    "print(json.dumps({'nbconvert': nbconvert.__version__, 'nbclient': nbclient.__version__, 'jupyterlab': lab}))";
  const r = run(python, ["-c", code]);
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout.trim().split("\n").pop());
  } catch {
    return null;
  }
}

/** A system Python ≥ 3.11 with venv and ensurepip, to create .venv from. */
function basePython() {
  const candidates = process.platform === "win32" ? ["python", "py", "python3"] : ["python3", "python"];
  const probe = "import sys, venv, ensurepip; print('%d.%d' % sys.version_info[:2])";
  let seen = null;
  for (const python of candidates) {
    const version = run(python, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]);
    if (version.status !== 0) continue;
    const [major, minor] = version.stdout.trim().split(".").map(Number);
    seen = { python, version: version.stdout.trim() };
    if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) continue;
    if (run(python, ["-c", probe]).status !== 0) {
      throw new SetupError(
        `${python} (Python ${seen.version}) has no venv/ensurepip module, so .venv cannot be created.\n` +
        "  Debian/Ubuntu: apt-get install python3-venv   (then run `npm run setup`)\n" +
        "  or set ELBOLAB_PYTHON to a Python that already has JupyterLab, nbclient and nbconvert.",
      );
    }
    return python;
  }
  throw new SetupError(
    (seen ? `Found Python ${seen.version} (${seen.python}), but Jupyter's pinned packages need Python ≥ ${MIN_PYTHON.join(".")}.\n`
      : "No Python 3 was found (tried " + candidates.join(", ") + ").\n") +
    "  Debian/Ubuntu: apt-get install python3 python3-venv\n" +
    "  macOS: brew install python@3.12 (or python.org's installer); Windows: python.org's installer (adds `py`/`python`)\n" +
    "  then run `npm run setup`, or set ELBOLAB_PYTHON to a Python that already has JupyterLab, nbclient and nbconvert.",
  );
}

function pythonVersion(python) {
  const r = run(python, ["-c", "import sys; print(sys.version.split()[0])"]);
  return r.status === 0 ? r.stdout.trim() : null;
}

/** .venv with the pinned requirements; pip runs only when the stamp does not match. */
function ensureVenv() {
  const requirements = readFileSync(requirementsFile, "utf8");
  let version = existsSync(venvPython) ? pythonVersion(venvPython) : null;
  if (!version) {
    const base = basePython();
    console.log(`elbolab: creating .venv with ${base} -m venv ...`);
    rmSync(venvDir, { recursive: true, force: true });
    const r = run(base, ["-m", "venv", venvDir], { stdio: "inherit" });
    version = r.status === 0 ? pythonVersion(venvPython) : null;
    if (!version) {
      throw new SetupError(
        `\`${base} -m venv .venv\` failed.\n  Debian/Ubuntu: apt-get install python3-venv   (then run \`npm run setup\`)`,
      );
    }
  }
  const hash = createHash("sha256").update(`python ${version}\n${requirements}`).digest("hex");
  const stamp = existsSync(stampFile) ? readFileSync(stampFile, "utf8").trim() : "";
  if (stamp === hash && jupyterIn(venvPython)) return venvPython;
  console.log("elbolab: installing Jupyter into .venv from requirements-jupyter.txt (pip, PyPI; a minute or two) ...");
  rmSync(stampFile, { force: true });
  const pip = run(
    venvPython,
    ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q", "-r", requirementsFile],
    { stdio: "inherit" },
  );
  if (pip.status !== 0 || !jupyterIn(venvPython, true)) {
    throw new SetupError(
      "pip could not install requirements-jupyter.txt into .venv (see pip's message above; it needs PyPI).\n" +
      "  Fix the cause and run `npm run setup`, or set ELBOLAB_PYTHON to a Python that has JupyterLab, nbclient and nbconvert.",
    );
  }
  writeFileSync(stampFile, hash + "\n");
  return venvPython;
}

function choosePython() {
  const named = process.env.ELBOLAB_PYTHON;
  if (named) {
    if (!jupyterIn(named)) {
      throw new SetupError(
        `ELBOLAB_PYTHON=${named} does not import nbclient, nbconvert and jupyter_client.\n` +
        `  Install them there (${named} -m pip install -r requirements-jupyter.txt) or unset ELBOLAB_PYTHON to use .venv.`,
      );
    }
    return named;
  }
  return ensureVenv();
}

function registerKernel(python) {
  const tslabBinary = join(root, "node_modules", ".bin", process.platform === "win32" ? "tslab.cmd" : "tslab");
  if (!existsSync(tslabBinary)) throw new SetupError(`${tslabBinary} is missing; run npm install first.`);
  const kernelJson = join(jupyterDir, "share", "jupyter", "kernels", "tslab", "kernel.json");
  const config = join(jupyterDir, "elbolab-jupyter.json");
  try {
    // Already registered for this tslab and this Python: nothing to do (keeps a re-run quick).
    const registered = JSON.parse(readFileSync(kernelJson, "utf8")).argv[0] === tslabBinary
      && JSON.parse(readFileSync(config, "utf8")).python === python;
    if (registered) return;
  } catch { /* not registered yet */ }
  mkdirSync(jupyterDir, { recursive: true });
  const r = run(tslabBinary, ["install", `--python=${python}`, `--binary=${tslabBinary}`, `--prefix=${jupyterDir}`], {
    shell: process.platform === "win32",
  });
  if (r.status !== 0) throw new SetupError(`tslab install failed:\n${r.stdout}${r.stderr}`);
}

try {
  const python = choosePython();
  const versions = jupyterIn(python);
  registerKernel(python);
  const jupyterPath = join(jupyterDir, "share", "jupyter");
  writeFileSync(
    join(jupyterDir, "elbolab-jupyter.json"),
    JSON.stringify({ python, ...versions, jupyterPath }, null, 2) + "\n",
  );
  console.log(
    `elbolab: tslab kernel registered in ${jupyterPath} (Python: ${python}, nbconvert ${versions.nbconvert}, ` +
    `JupyterLab ${versions.jupyterlab ?? "not installed"})`,
  );
} catch (e) {
  if (!(e instanceof SetupError)) throw e;
  console.error(`elbolab: Jupyter is not set up, so the notebooks cannot run yet (the library works without it).\n  ${e.message}`);
  process.exit(args.has("--require") ? 1 : 0);
}
