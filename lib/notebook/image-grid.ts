/**
 * A grid of grey images as one PNG (encoded here: zlib deflate + CRC-32, no image library), shown as
 * one bundle: text/html (a `<figure>` with the PNG inline and the caption as `<figcaption>` and alt
 * text, so HTML exports and JupyterLab show the caption), image/png, and text/plain (the caption).
 * Used for reconstructions and latent traversals.
 *
 *   showImageGrid(pixels, { rows, cols, side, caption?, rowLabels?, columnLabels? })
 *     pixels: rows·cols images of side² values in [0, 1], row-major
 *
 * Each image is magnified by `scale` (default 3) and separated by a 1-pixel grey border. The caption
 * is `caption`, then "rows (top to bottom): …" and "columns (left to right): …" from the labels.
 * Errors: a length that is not rows·cols·side², non-integer sizes, label lists of the wrong length.
 */
import { deflateSync } from "node:zlib";
import { ArgumentError, assertInteger } from "../errors";
import { displayBundle, escapeHtml } from "./display";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit greyscale PNG of a width × height array of values in [0, 1] (clipped). */
export function encodeGreyPng(values: ArrayLike<number>, width: number, height: number): Buffer {
  assertInteger(width, "width", "encodeGreyPng");
  assertInteger(height, "height", "encodeGreyPng");
  if (values.length !== width * height) throw new ArgumentError("values", "encodeGreyPng", `must hold width · height = ${width * height} values, got ${values.length}`);
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = Math.round(255 * Math.min(1, Math.max(0, values[y * width + x] || 0)));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 0; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0))]);
}

export interface ImageGridOptions {
  rows: number;
  cols: number;
  side: number;
  /** Magnification (default 3). */
  scale?: number;
  caption?: string;
  /** One label per row, listed in the caption. */
  rowLabels?: string[];
  /** One label per column, listed in the caption. */
  columnLabels?: string[];
}

/** The PNG of a grid of images (see the module comment). */
export function imageGridPng(pixels: ArrayLike<number>, options: ImageGridOptions): Buffer {
  const { rows, cols, side } = options;
  const scale = options.scale ?? 3;
  [["options.rows", rows], ["options.cols", cols], ["options.side", side], ["options.scale", scale]].forEach(([n, v]) => assertInteger(v, n as string, "imageGridPng"));
  if (pixels.length !== rows * cols * side * side) {
    throw new ArgumentError("pixels", "imageGridPng", `must hold rows · cols · side² = ${rows * cols * side * side} values, got ${pixels.length}`);
  }
  const cell = side * scale + 1;
  const width = cols * cell + 1, height = rows * cell + 1;
  const out = new Float32Array(width * height).fill(0.5);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const base = (r * cols + c) * side * side;
    for (let y = 0; y < side * scale; y++) for (let x = 0; x < side * scale; x++) {
      out[(r * cell + 1 + y) * width + c * cell + 1 + x] = pixels[base + Math.floor(y / scale) * side + Math.floor(x / scale)];
    }
  }
  return encodeGreyPng(out, width, height);
}

/** The caption of a grid: `caption`, then the row and column labels (see the module comment). */
export function imageGridCaption(options: ImageGridOptions): string {
  const labels = (list: string[] | undefined, n: number, name: string, where: string) => {
    if (list === undefined) return [];
    if (list.length !== n) throw new ArgumentError(`options.${name}`, "imageGridCaption", `must hold ${n} labels, got ${list.length}`);
    return [`${where}: ${list.join(", ")}`];
  };
  return [
    ...(options.caption ? [options.caption] : []),
    ...labels(options.rowLabels, options.rows, "rowLabels", "rows (top to bottom)"),
    ...labels(options.columnLabels, options.cols, "columnLabels", "columns (left to right)"),
  ].join("; ");
}

/** The text/html, image/png and text/plain renderings of a grid (see the module comment). */
export function renderImageGrid(pixels: ArrayLike<number>, options: ImageGridOptions): { html: string; png: string; text: string } {
  const png = imageGridPng(pixels, options).toString("base64");
  const caption = imageGridCaption(options);
  const html =
    `<figure class="elbolab-image-grid"><img src="data:image/png;base64,${png}" alt="${escapeHtml(caption)}">` +
    (caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : "") + `</figure>`;
  return { html, png, text: `<image grid ${options.rows}×${options.cols}${caption ? `: ${caption}` : ""}>` };
}

/** Displays a grid of images (HTML figure with caption, PNG, and the caption as text). */
export function showImageGrid(pixels: ArrayLike<number>, options: ImageGridOptions): void {
  const { html, png, text } = renderImageGrid(pixels, options);
  displayBundle({ "text/html": html, "image/png": png, "text/plain": text });
}
