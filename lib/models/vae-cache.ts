/**
 * Reuse of trained VAEs across runs: a VAE is stored under `<root>/<name>-<key>` where key is the first
 * 16 hex digits of the SHA-256 of the JSON of `settings` (architecture, objective, data sizes, epochs,
 * seed: everything that determines the weights). A full-mode notebook run trains once and later runs
 * load; any change of settings gives another key, so a stale model is never reused.
 *
 *   const { vae, cached } = await cachedVae(root, "iwae-k50", settings, () => { const v = new Vae(...); trainVae(v, ...); return v; });
 *
 * `root` null disables the cache (quick mode trains every time, as the tests must).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ArgumentError } from "../errors";
import { MODEL_JSON } from "../io/directory-handler";
import { Vae } from "./vae";

/** The cache key of a settings object (stable for equal JSON). */
export function settingsKey(settings: unknown): string {
  return createHash("sha256").update(JSON.stringify(settings)).digest("hex").slice(0, 16);
}

export async function cachedVae(
  root: string | null, name: string, settings: object, train: () => Vae,
): Promise<{ vae: Vae; cached: boolean; dir: string | null; metadata: Record<string, unknown> }> {
  if (typeof name !== "string" || !/^[\w.=-]+$/.test(name)) throw new ArgumentError("name", "cachedVae", `must be a file-name-safe string, got ${JSON.stringify(name)}`);
  if (typeof train !== "function") throw new ArgumentError("train", "cachedVae", "must be a function returning a trained Vae");
  if (root === null) return { vae: train(), cached: false, dir: null, metadata: {} };
  const dir = join(root, `${name}-${settingsKey(settings)}`);
  if (existsSync(join(dir, MODEL_JSON))) {
    const { vae, metadata } = await Vae.load(dir);
    return { vae, cached: true, dir, metadata };
  }
  const start = Date.now();
  const vae = train();
  const metadata = { settings, trainingSeconds: (Date.now() - start) / 1000 };
  await vae.save(dir, metadata);
  return { vae, cached: false, dir, metadata };
}
