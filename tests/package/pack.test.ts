/**
 * The library as a package: `npm pack` of lib/ (the published files: dist/ with .js and .d.ts),
 * installed into a scratch project outside the repository, where README's library example
 * (the ```ts block under "## The library") type-checks against the shipped declarations and runs
 * with plain Node. The KL it prints is compared with the closed form computed here:
 * KL(N(μ, diag σ²) ‖ N(0, I)) = Σ ½(σ² + μ² − 1) − ln σ. The data the library ships (the breast-cancer CSV that
 * `loadBreastCancer` reads, checksum included) must load from the installed package too. danfojs-node, an
 * optional peer, is not installed with it, and the DataFrame helpers then say what to install.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function readmeExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^## The library$/m)[1];
  assert.ok(section, "README has no '## The library' section");
  const block = section.match(/```ts\n([\s\S]*?)```/);
  assert.ok(block, "README's library section has no ```ts example");
  return block[1];
}

test("npm pack of lib installs elsewhere and README's example runs there", { timeout: 600_000 }, () => {
  const scratch = mkdtempSync(join(tmpdir(), "elbolab-pack-"));
  assert.ok(!scratch.startsWith(ROOT), "scratch project must be outside the repository");
  try {
    execFileSync(npm, ["pack", "--pack-destination", scratch, "--silent"], { cwd: join(ROOT, "lib"), stdio: "pipe" });
    const tarball = readdirSync(scratch).find((f) => f.endsWith(".tgz"));
    assert.ok(tarball, "npm pack wrote no tarball");
    const files = execFileSync("tar", ["-tzf", join(scratch, tarball)], { encoding: "utf8" }).split("\n");
    assert.ok(files.includes("package/dist/index.js") && files.includes("package/dist/index.d.ts"), "dist/index.{js,d.ts} not packed");
    assert.ok(!files.some((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")), "TypeScript sources packed");
    assert.ok(files.includes("package/datasets/breast_cancer.csv"), "the breast-cancer CSV is not packed");

    const project = join(scratch, "app");
    execFileSync("mkdir", ["-p", project]);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch-app", private: true, type: "module" }));
    execFileSync(npm, ["install", join(scratch, tarball), "--no-audit", "--no-fund", "--prefer-offline", "--silent"], {
      cwd: project, stdio: "pipe",
    });
    const example = readmeExample();
    writeFileSync(join(project, "example.mts"), example);
    writeFileSync(join(project, "example.mjs"), example);
    // Type-check against the shipped declarations (the repository's TypeScript, nothing of the repository's sources).
    execFileSync(process.execPath, [
      join(ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--strict", "--skipLibCheck",
      "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--types", "node",
      "--typeRoots", join(ROOT, "node_modules", "@types"), "example.mts",
    ], { cwd: project, stdio: "pipe" });
    const out = execFileSync(process.execPath, ["example.mjs"], { cwd: project, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

    const printed = out.match(/Tensor\s*\[?\s*\[?(-?[\d.]+(?:e[-+]?\d+)?)/);
    assert.ok(printed, `the example printed no tensor:\n${out}`);
    const mu = [0.5, -1];
    const sigma = [0.7, 1.3];
    const exact = mu.reduce((s, m, i) => s + 0.5 * (sigma[i] ** 2 + m ** 2 - 1) - Math.log(sigma[i]), 0);
    // float32 arithmetic on numbers of order 1: a few ulps (2^-23 ≈ 1.2e-7) per operation.
    assert.ok(Math.abs(Number(printed[1]) - exact) <= 1e-5 * Math.max(1, Math.abs(exact)),
      `KL printed ${printed[1]}, closed form ${exact}`);

    const loadScript = 'import { loadBreastCancer } from "elbolab"; const d = loadBreastCancer(); ' +
      'console.log(JSON.stringify([d.x.length, d.x[0].length]));';
    const shape = execFileSync(process.execPath, ["--input-type=module", "-e", loadScript],
      { cwd: project, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.deepEqual(JSON.parse(shape.trim().split("\n").pop() ?? ""), [569, 30], "loadBreastCancer from the installed package");

    // danfojs-node is an optional peer (its overrides only work in a root project): not installed with
    // elbolab, and the DataFrame helpers say what to install instead of failing on a missing module
    assert.ok(!existsSync(join(project, "node_modules", "danfojs-node")), "danfojs-node was installed with elbolab");
    const frameScript = 'import { toDataFrame } from "elbolab"; try { toDataFrame([{ a: 1 }]); } ' +
      'catch (e) { console.log(e.message); }';
    const frameOut = execFileSync(process.execPath, ["--input-type=module", "-e", frameScript],
      { cwd: project, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.match(frameOut, /toDataFrame: needs danfojs-node, an optional peer of elbolab/);
  } catch (e) {
    const err = e as { stderr?: Buffer | string; stdout?: Buffer | string; message: string };
    throw new Error(`${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
