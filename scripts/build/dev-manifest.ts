// The dev build's manifest: the store manifest plus the local addresses that
// Courier, the end-to-end tests and local Matrix clients run on. Every content
// script the store build declares also matches them, and every page reader the
// store build registers only for granted sites is declared on them, so local
// pages get exactly what a granted site gets. The store build names no local
// address at all (scripts/build/build-output.test.ts checks the built files).
import { READER_SCRIPTS } from '../../src/adapters/reader-scripts';

export const DEV_ORIGINS: readonly string[] = ['http://localhost/*', 'http://127.0.0.1/*'];

interface ContentScript {
  matches: string[];
  js: string[];
  [key: string]: unknown;
}

interface Manifest {
  optional_host_permissions?: string[];
  content_scripts?: ContentScript[];
  [key: string]: unknown;
}

export function withDevHooks(storeManifest: Manifest): Manifest {
  const manifest: Manifest = structuredClone(storeManifest);
  const declared = manifest.content_scripts ?? [];
  const declaredFiles = new Set(declared.flatMap((s) => s.js));
  const added = READER_SCRIPTS.filter((s) => !declaredFiles.has(s.file)).map((s) => ({
    matches: [...DEV_ORIGINS],
    js: [s.file],
    run_at: s.runAt,
    ...(s.world === 'MAIN' ? { world: s.world } : {}),
    all_frames: s.allFrames,
    ...(s.allFrames ? { match_origin_as_fallback: true } : {}),
  }));
  manifest.content_scripts = [...declared.map((s) => ({ ...s, matches: [...s.matches, ...DEV_ORIGINS] })), ...added];
  manifest.optional_host_permissions = [...(manifest.optional_host_permissions ?? []), ...DEV_ORIGINS];
  return manifest;
}
