// Writes src/core/wasm-modules.ts: the bytes of KeyWatch's WebAssembly modules,
// made by their assemblers (sha256-wasm.ts, sha512-wasm.ts,
// point-check/point-check-module.ts), so that a woken background does not
// assemble them again. Run after changing an assembler: `npm run wasm-modules`.
// src/core/wasm-modules.test.ts fails while the written bytes differ from the assemblers'.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toBase64 } from '../src/core/encoding';
import { pointCheckModuleBytes } from '../src/core/point-check/point-check-module';
import { sha256ModuleBytes } from '../src/core/sha256-wasm';
import { sha512IterateModuleBytes } from '../src/core/sha512-wasm';

const file = join(import.meta.dirname, '..', 'src/core/wasm-modules.ts');
const modules = {
  SHA256_MODULE: sha256ModuleBytes(),
  SHA512_ITERATE_MODULE: sha512IterateModuleBytes(),
  POINT_CHECK_MODULE: pointCheckModuleBytes(),
};
const lines = [
  '// Written by `npm run wasm-modules` (scripts/wasm-modules.ts) from the assemblers in sha256-wasm.ts,',
  '// sha512-wasm.ts and point-check/point-check-module.ts: do not edit. Kept as bytes because a woken',
  '// background would otherwise assemble them again before its first check (the point check alone took',
  '// 34 ms on code not yet compiled); wasm-modules.test.ts holds them to the assemblers.',
  '',
  ...Object.entries(modules).map(([name, bytes]) => `export const ${name} = '${toBase64(bytes)}';`),
  '',
];
writeFileSync(file, lines.join('\n'));
execFileSync('npx', ['prettier', '--write', file], { stdio: 'ignore' });
console.log(`wrote ${file}`);
