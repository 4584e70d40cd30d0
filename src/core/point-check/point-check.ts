// The costly point checks of a key in WebAssembly (point-check-module.ts),
// where the runtime allows it: an extension page or worker needs
// 'wasm-unsafe-eval' in its CSP, which KeyWatch's manifest grants. Elsewhere
// core/keys.ts computes the same outcome with @noble/curves.

import type { POINT_CODES } from './point-check-module';
import { fromBase64 } from '../encoding';
import { POINT_CHECK_MODULE } from '../wasm-modules';
import { limbsOf, MEMORY } from './point-check-module';

const P = (1n << 255n) - 19n;
const modPow = (base: bigint, exponent: bigint): bigint => {
  let result = 1n;
  for (base %= P; exponent > 0n; exponent >>= 1n, base = (base * base) % P) if (exponent & 1n) result = (result * base) % P;
  return result;
};
const D = (((-121665n * modPow(121666n, P - 2n)) % P) + P) % P;
const CONSTANTS: Array<[number, bigint]> = [
  [MEMORY.one, 1n],
  [MEMORY.zero, 0n],
  [MEMORY.d, D],
  [MEMORY.d2, (2n * D) % P],
  [MEMORY.sqrtM1, modPow(2n, (P - 1n) / 4n)],
];

export type PointCode = (typeof POINT_CODES)[keyof typeof POINT_CODES];

export interface WasmPointCheck {
  /** A compressed Edwards point whose y (top bit aside) is below p. */
  edwards(point: Uint8Array): PointCode;
  /** A Montgomery u below p, not one of the small-order values. */
  montgomery(u: Uint8Array): PointCode;
}

/** The module, instantiated; null where WebAssembly is missing or refused. */
export function createWasmPointCheck(): WasmPointCheck | null {
  let exports: WebAssembly.Exports;
  try {
    exports = new WebAssembly.Instance(new WebAssembly.Module(fromBase64(POINT_CHECK_MODULE) as Uint8Array<ArrayBuffer>)).exports;
  } catch {
    return null;
  }
  const memory = exports.memory as WebAssembly.Memory;
  const checkEdwards = exports.checkEdwards as (sign: number) => number;
  const checkMontgomery = exports.checkMontgomery as () => number;
  const view = new DataView(memory.buffer);
  for (const [at, value] of CONSTANTS) limbsOf(value).forEach((limb, i) => view.setBigInt64(at + i * 8, limb, true));
  const input = new Uint8Array(memory.buffer, MEMORY.input, 40);
  const place = (bytes: Uint8Array) => {
    input.fill(0);
    input.set(bytes.subarray(0, 32));
  };
  return {
    edwards(point) {
      place(point);
      return checkEdwards(point[31]! >> 7) as PointCode;
    },
    montgomery(u) {
      place(u);
      return checkMontgomery() as PointCode;
    },
  };
}
