import { describe, expect, it } from 'vitest';
import { fromBase64 } from './encoding';
import { pointCheckModuleBytes } from './point-check/point-check-module';
import { sha256ModuleBytes } from './sha256-wasm';
import { sha512IterateModuleBytes } from './sha512-wasm';
import { POINT_CHECK_MODULE, SHA256_MODULE, SHA512_ITERATE_MODULE } from './wasm-modules';

describe('the WebAssembly modules kept as bytes', () => {
  it.each([
    ['SHA-256', SHA256_MODULE, sha256ModuleBytes],
    ['SHA-512 iteration', SHA512_ITERATE_MODULE, sha512IterateModuleBytes],
    ['point check', POINT_CHECK_MODULE, pointCheckModuleBytes],
  ])('%s: exactly what its assembler makes (after changing one, run `npm run wasm-modules`)', (_name, kept, assemble) => {
    expect(fromBase64(kept)).toEqual(assemble());
    expect(WebAssembly.validate(fromBase64(kept) as Uint8Array<ArrayBuffer>)).toBe(true);
  });
});
