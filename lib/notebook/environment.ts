/** Versions and machine facts that notebook 00 prints and the benchmark records. */
import * as tf from "@tensorflow/tfjs";
import { cpus, totalmem } from "node:os";
import { backendInfo } from "../backend";

function packageVersion(name: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

export interface EnvironmentReport {
  node: string;
  tfjs: string;
  tfjsBackendWasm: string;
  tslab: string;
  vegaLite: string;
  backend: string;
  cpus: string;
  cores: number;
  memoryGiB: number;
}

export function environmentReport(): EnvironmentReport {
  return {
    node: process.version,
    tfjs: tf.version.tfjs,
    tfjsBackendWasm: packageVersion("@tensorflow/tfjs-backend-wasm"),
    tslab: packageVersion("tslab"),
    vegaLite: packageVersion("vega-lite"),
    backend: backendInfo()?.name ?? "not started (await initBackend())",
    cpus: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}
