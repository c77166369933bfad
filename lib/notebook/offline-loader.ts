/**
 * Charts never fetch. A vega-lite spec carries its data inline (`data.values`); one that names a URL
 * (`data.url`, anywhere: layers, concatenations, facets, lookup transforms) is an error before anything
 * runs, and the vega view gets a loader whose every entry (load, sanitize, http, file) refuses, so no
 * other path (an image mark's URL, a future vega feature) reaches the network or the file system.
 *
 * Errors: ArgumentError naming the spec path of the URL (`spec.layer[1].data.url`) and `fn`; a refused
 * load names the URI.
 */
import * as vega from "vega";
import { ArgumentError } from "../errors";

/** Throws when any `data` object (or array of them) in `spec` has a `url`. */
export function assertInlineData(spec: unknown, argument: string, fn: string): void {
  const walk = (v: unknown, path: string, underData: boolean): void => {
    if (v === null || typeof v !== "object") return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, underData));
      return;
    }
    const o = v as Record<string, unknown>;
    if (underData && o.url !== undefined) {
      throw new ArgumentError(`${path}.url`, fn, `must not be set: charts never fetch or read files; pass the data inline as data.values (got ${JSON.stringify(o.url)})`);
    }
    for (const [k, x] of Object.entries(o)) walk(x, `${path}.${k}`, k === "data");
  };
  walk(spec, argument, false);
}

/** A vega loader that refuses every load, naming the URI and `fn`. */
export function offlineLoader(fn: string): vega.Loader {
  const refuse = async (uri: unknown): Promise<never> => {
    throw new ArgumentError("spec", fn, `must not load anything (asked for ${JSON.stringify(uri)}): charts never fetch or read files`);
  };
  return { ...vega.loader(), load: refuse, sanitize: refuse, http: refuse, file: refuse } as unknown as vega.Loader;
}
