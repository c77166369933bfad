/**
 * The IDX file format of the MNIST database (LeCun, Bottou, Bengio and Haffner 1998; described on
 * yann.lecun.com/exdb/mnist): a big-endian header — two zero bytes, the type code 0x08 (unsigned byte),
 * the number of dimensions r — then r sizes as 32-bit big-endian integers, then the values, one unsigned
 * byte each, in row-major order. Image files have r = 3 (n, 28, 28: a 16-byte header), label files r = 1
 * (n: an 8-byte header).
 *
 *   parseIdx(readFileSync("t10k-labels-idx1-ubyte"), "t10k-labels-idx1-ubyte")  ->  { shape: [10000], data }
 *
 * `data` is a view into `bytes` (no copy). Errors name the file: a header that is not unsigned-byte IDX,
 * a length that does not match the sizes in the header.
 */
import { ArgumentError } from "../errors";

export interface IdxArray {
  shape: number[];
  /** The values in row-major order (a view into the file's bytes). */
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  const fn = "parseIdx";
  if (!(bytes instanceof Uint8Array)) throw new ArgumentError("bytes", fn, `must be the bytes of an IDX file (Uint8Array), got ${typeof bytes} for ${file}`);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UNSIGNED_BYTE) {
    throw new ArgumentError("bytes", fn, `${file} is not an unsigned-byte IDX file (its first bytes must be 00 00 08)`);
  }
  const rank = bytes[3];
  const header = 4 + 4 * rank;
  if (rank < 1 || bytes.length < header) throw new ArgumentError("bytes", fn, `${file} has a truncated IDX header (rank ${rank}, ${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, header);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + count) {
    throw new ArgumentError("bytes", fn, `${file} must hold ${header} header bytes plus ${count} values for shape [${shape.join(", ")}], got ${bytes.length} bytes`);
  }
  return { shape, data: bytes.subarray(header) };
}
