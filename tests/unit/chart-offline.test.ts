import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateSync } from "node:zlib";
import { renderChart, svgToPng, offlineLoader, type ChartSpec } from "elbolab";

/** Width, height and the RGBA rows (filter byte dropped) of a PNG as resvg writes it (8-bit RGBA, no interlace). */
function decodePng(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at), type = png.toString("ascii", at + 4, at + 8);
    if (type === "IDAT") idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  // undo the PNG filters row by row (0 none, 1 sub, 2 up, 3 average, 4 Paeth)
  const out = Buffer.alloc(width * 4 * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * stride];
    for (let i = 0; i < width * 4; i++) {
      const x = raw[y * stride + 1 + i], a = i >= 4 ? out[y * width * 4 + i - 4] : 0;
      const b = y > 0 ? out[(y - 1) * width * 4 + i] : 0, c = y > 0 && i >= 4 ? out[(y - 1) * width * 4 + i - 4] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      out[y * width * 4 + i] = (x + pred) & 255;
    }
  }
  return { width, height, pixel: (x, y) => [...out.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)] };
}

describe("renderChart never fetches", () => {
  let server: Server;
  let base = "";
  const requests: string[] = [];
  before(async () => {
    server = createServer((req, res) => { requests.push(req.url ?? ""); res.end('[{"x":1,"y":2}]'); });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const encoding = { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } as const;

  test("a data.url anywhere in the spec is an error naming its path, and nothing is requested", async () => {
    await assert.rejects(renderChart({ data: { url: `${base}/top.json` }, mark: "point", encoding }),
      /Argument 'spec\.data\.url' passed to 'renderChart' must not be set: charts never fetch/);
    await assert.rejects(renderChart({ layer: [{ data: { values: [{ x: 1, y: 1 }] }, mark: "point", encoding }, { data: { url: "/etc/passwd" }, mark: "line", encoding }] } as ChartSpec),
      /'spec\.layer\[1\]\.data\.url'/);
    await assert.rejects(renderChart({ data: { values: [{ x: 1, y: 1 }] }, mark: "point", encoding,
      transform: [{ lookup: "x", from: { data: { url: `${base}/lookup.json` }, key: "x", fields: ["y"] } }] } as ChartSpec), /'spec\.transform\[0\]\.from\.data\.url'/);
    assert.deepEqual(requests, []);
  });

  test("image marks and href links are refused before vega runs, and nothing is requested", async () => {
    const values = [{ x: 1, y: 1, u: `${base}/img.png` }];
    await assert.rejects(renderChart({ data: { values }, mark: "image", encoding: { ...encoding, url: { field: "u" } } } as ChartSpec),
      /Argument 'spec\.mark' passed to 'renderChart' must not be an image mark/);
    await assert.rejects(renderChart({ data: { values }, mark: "point", encoding: { ...encoding, href: { field: "u" } } } as ChartSpec),
      /Argument 'spec\.encoding\.href' passed to 'renderChart'/);
    assert.deepEqual(requests, []);
  });

  test("the loader the view gets (defence in depth behind the spec check) refuses every entry, naming the URI", async () => {
    const loader = offlineLoader("renderChart");
    for (const [call, uri] of [[() => loader.load(`${base}/a`), "/a"], [() => loader.http(`${base}/c`, {}), "/c"],
      [() => loader.file("/etc/passwd"), "/etc/passwd"]] as [() => Promise<unknown>, string][]) {
      await assert.rejects(call(), (e: Error) => /Argument 'spec' passed to 'renderChart' must not load anything/.test(e.message) && e.message.includes(uri));
    }
    // sanitize resolves to "nothing to link or load" (vega-scenegraph reads its result in a callback that
    // nobody catches: a rejection there ended the process) and keeps the refusal for renderChart
    assert.deepEqual(await loader.sanitize(`${base}/b`, { context: "href" }), { href: null });
    assert.equal(loader.refusals.length, 4);
    assert.ok(loader.refusals.every((e) => /must not load anything/.test(e.message)));
    assert.ok(loader.refusals[3].message.includes("/b"));
    assert.deepEqual(requests, [], "no request reached the server");
  });
});

describe("svgToPng", () => {
  test("draws the SVG at the requested scale on white, text included, and checks its scale", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect x="20" y="0" width="20" height="20" fill="#ff0000"/>' +
      '<text x="2" y="15" font-family="sans-serif" font-size="14">Ag</text></svg>';
    const png = decodePng(await svgToPng(svg, 2));
    assert.deepEqual([png.width, png.height], [80, 40]);
    assert.deepEqual(png.pixel(60, 20), [255, 0, 0, 255], "the red square, scaled by 2");
    assert.deepEqual(png.pixel(79, 39), [255, 0, 0, 255]);
    let dark = 0;
    for (let x = 0; x < 40; x++) for (let y = 0; y < 40; y++) if (png.pixel(x, y)[0] < 128) dark++;
    assert.ok(dark > 20, `the text is drawn (a font was found): ${dark} dark pixels`);
    assert.deepEqual(png.pixel(39, 1), [255, 255, 255, 255], "background white");
    await assert.rejects(svgToPng(svg, 0), /Argument 'scale' passed to 'svgToPng'/);
    await assert.rejects(renderChart({ data: { values: [] }, mark: "point" }, -1), /Argument 'scale' passed to 'renderChart'/);
  });
});
