/**
 * The noise floor of a plug-in signal-to-noise ratio. From R independent draws, SNR = |mean|/sd has an
 * absolute error of about 1/√R (the mean's SE in units of sd): an SNR below a few times 1/√R is noise, and a
 * slope fitted through such points measures the floor, not the estimator (Rainforth et al. 2018 use the same
 * plug-in ratio).
 */
import { assertInteger, assertPositive } from "../../errors";
import { assertNumberList } from "./standard-errors";

/** The indices i with snr[i] > z/√R (z defaults to 3): the points a slope may be fitted through. */
export function snrAboveNoiseFloor(snr: readonly number[], replicas: number, z = 3): number[] {
  const fn = "snrAboveNoiseFloor";
  assertNumberList(snr, "snr", fn);
  assertInteger(replicas, "replicas", fn, 2);
  assertPositive(z, "z", fn);
  const floor = z / Math.sqrt(replicas);
  return snr.flatMap((s, i) => (s > floor ? [i] : []));
}
