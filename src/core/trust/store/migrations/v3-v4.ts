// Version 3 → 4: every key in one spelling. Version 3 stored a key as the page
// spelled it, so a Curve25519 key seen as its 32 bytes and as 0x05 ‖ u was two
// keys, and a verified contact re-disclosed in the other spelling lost their
// verification. Version 4 stores every key in the canonical spelling
// (core/key-spelling.ts); key-respelling.ts says what else that undoes.

import type { Migration } from './migration-step';
import { respellStore } from './key-respelling';

export const migrateV3ToV4: Migration = {
  from: 3,
  to: 4,
  description: 'store every key in its one canonical spelling (a Curve25519 key as 0x05 ‖ u), uniting what two spellings split',
  run: (store, now) => respellStore(store, now),
};
