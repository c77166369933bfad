/**
 * What a chart spec may contain, checked before vega-lite or vega sees it (`renderChart`, `showChart`).
 * A chart is drawn from inline data only and links nowhere, so a spec is refused, with an ArgumentError
 * naming the path of the offending field (`spec.layer[1].encoding.href`) and `fn`, when it has
 *
 * - a `url` anywhere outside the data values: `data.url` (also in layers, facets, concatenations and
 *   lookup transforms), the `url` channel or mark property of image marks: charts never fetch or read files;
 * - an image mark (`mark: "image"` or `{ type: "image" }`): its pictures are URLs;
 * - an `href` anywhere outside the data values (the channel, a mark property, `config`): a rendered chart
 *   is an image and its headless renderer cannot resolve links (vega-scenegraph 5's SVG renderer threw an
 *   uncaught TypeError for every href once its loader refused the link, which ended the process);
 * - a named data source, `data: { name }` without inline `values`, whose name is not a key of the
 *   top-level `datasets` (vega-lite would draw an empty chart);
 * - a reference cycle (the spec is sent to the front end as JSON).
 *
 * Data values (`data.values`, `datasets`) and `usermeta` are not inspected: a record may have a field named
 * `url` or `href`. Everything else vega-lite accepts (`params` with `bind`, transforms, layers) passes.
 */
import { ArgumentError } from "../errors";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** Throws (see the module comment) when `spec` has a field a chart may not have. */
export function assertSafeChartSpec(spec: unknown, argument: string, fn: string): void {
  if (!isObject(spec)) throw new ArgumentError(argument, fn, "must be a vega-lite spec object");
  const datasets = isObject(spec.datasets) ? Object.keys(spec.datasets) : [];
  const fail = (path: string, why: string): never => { throw new ArgumentError(path, fn, why); };
  const onStack = new Set<object>();

  const checkData = (data: Json, path: string): void => {
    if (data.url !== undefined) {
      fail(`${path}.url`, `must not be set: charts never fetch or read files; pass the data inline as ` +
        `data.values (got ${JSON.stringify(data.url)})`);
    }
    const inline = ["values", "sequence", "sphere", "graticule"].some((k) => data[k] !== undefined);
    if (typeof data.name === "string" && !inline && !datasets.includes(data.name)) {
      fail(`${path}.name`, `names no data set: '${data.name}' is not a key of ${argument}.datasets ` +
        `(${datasets.length ? datasets.map((d) => `'${d}'`).join(", ") : "there is none"}); ` +
        `the chart would be empty`);
    }
  };

  const walk = (v: unknown, path: string, key: string): void => {
    if (v === null || typeof v !== "object") return;
    if (onStack.has(v)) fail(path, "must not contain a reference cycle (a chart spec is sent as JSON)");
    onStack.add(v);
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, key));
    } else {
      const o = v as Json;
      if (key === "data") checkData(o, path);
      if (key === "mark" && o.type === "image") fail(`${path}.type`, imageMark);
      for (const [k, x] of Object.entries(o)) {
        const at = `${path}.${k}`;
        if (k === "href") fail(at, "must not be set: a rendered chart links nowhere (no href channel or property)");
        if (k === "url" && key !== "data") fail(at, `must not be set: charts never fetch or read files (image URLs included)`);
        if (k === "mark" && x === "image") fail(at, imageMark);
        // data values and user metadata are the user's own records, not spec
        if ((key === "data" && k === "values") || k === "usermeta" || (path === argument && k === "datasets")) continue;
        walk(x, at, k);
      }
    }
    onStack.delete(v);
  };
  walk(spec, argument, "");
}

const imageMark = "must not be an image mark: its pictures are URLs, and charts never fetch or read files";
