/**
 * Charts never fetch. `assertSafeChartSpec` (chart-spec.ts) refuses a spec that names a URL before anything
 * runs; behind it, the vega view gets a loader whose every entry (load, sanitize, http, file) refuses, so no
 * other path (a future vega feature) reaches the network or the file system, and `renderChart` fails with
 * the first refusal instead of drawing a chart with a hole in it.
 *
 * `load`, `http` and `file` reject. `sanitize` resolves to `{ href: null }` (nothing to link or load): vega's
 * resource loader turns a rejected sanitize into `null`, and vega-scenegraph 5's SVG renderer then reads
 * `null.href` in a promise callback nobody catches, an unhandled rejection that ends a Node process
 * (measured: `renderChart` of a spec with an `href` channel exited with code 1, past any try/catch).
 *
 * Errors: every refusal is an ArgumentError naming the URI and `fn`, kept in `refusals` for the caller.
 */
import * as vega from "vega";
import { ArgumentError } from "../errors";

/** A vega loader that refuses everything; `refusals` lists what it refused, in order. */
export type OfflineLoader = vega.Loader & { readonly refusals: ArgumentError[] };

/** A vega loader that refuses every load, naming the URI and `fn` (see the module comment). */
export function offlineLoader(fn: string): OfflineLoader {
  const refusals: ArgumentError[] = [];
  const refusal = (uri: unknown) => {
    const e = new ArgumentError("spec", fn, `must not load anything (asked for ${JSON.stringify(uri)}): ` +
      "charts never fetch or read files");
    refusals.push(e);
    return e;
  };
  const reject = async (uri: unknown): Promise<never> => { throw refusal(uri); };
  const sanitize = async (uri: unknown): Promise<{ href: null }> => { refusal(uri); return { href: null }; };
  return { ...vega.loader(), load: reject, sanitize, http: reject, file: reject, refusals } as unknown as OfflineLoader;
}
