// The Ed25519 equation through WebCrypto (`crypto.subtle.verify({ name:
// 'Ed25519' })`): native code, about twenty times faster than JavaScript. Chrome
// ships it from version 137, Firefox from 129, Node has it too. Used only when a
// self-test shows it decides exactly as strict-checks.ts expects: it accepts a
// valid signature, refuses a changed one, and refuses a signature whose R has a
// small-order component, which only a cofactored equation accepts (the strict
// checks leave that case to the equation, so a cofactored implementation could
// decide differently from the portable one). The strict checks always run first,
// in KeyWatch's code; WebCrypto only ever sees what they let through.

import { fromBase64 } from '../encoding';
import { evaluatePortably } from './portable-verify';
import type { Ed25519Equation } from './strict-checks';

/** The part of SubtleCrypto used here (the browser's, or Node's in tests). */
export type Ed25519Subtle = Pick<SubtleCrypto, 'importKey' | 'verify'>;

export interface NativeEd25519 {
  evaluate(equation: Ed25519Equation): Promise<boolean>;
}

const ALGORITHM = { name: 'Ed25519' } as const;
/** Imported keys kept for reuse (a roster's keys sign again and again). */
const KEY_CACHE_LIMIT = 8192;

// A key, a message, a valid signature by that key, and a signature whose R is
// a valid R plus a point of order 8: it satisfies the cofactored equation
// [8][S]B = [8]R + [8][k]A but not the cofactorless one (native-verify.test.ts
// derives all of them again).
const SELF_TEST = {
  key: 'uy1HF9yJNvB8J/0fHceNJSGqiOVLxhpFyuEbefOm9ys=',
  message: 'KeyWatch: is this Ed25519 verifier cofactorless?',
  valid: 'WWqGzxbeC2NI1LZIGskJXwray3kkalT/LYo3KbEc/7T9eGDKjsKmlJMcODUskeD/x7YheLDjmbY49haIGQsFBw==',
  cofactoredOnly: 'm6l2yCvxKfHrlp2APu/FcMFz+36YjKmTyYqT1MnRu22nZCSTOs12kupQNWcKxi2Dla8aUfP5T/Yq/g+9PFrBDQ==',
};

/** WebCrypto's Ed25519 when `subtle` has it and it passes the self-test; null otherwise (then use the portable path). */
export async function nativeEd25519(subtle: Ed25519Subtle | undefined | null): Promise<NativeEd25519 | null> {
  if (!subtle) return null;
  const native = new WebCryptoEd25519(subtle);
  try {
    const key = fromBase64(SELF_TEST.key);
    const message = new TextEncoder().encode(SELF_TEST.message);
    const valid = fromBase64(SELF_TEST.valid);
    const changed = valid.slice();
    changed[40]! ^= 1;
    const verdicts = await Promise.all(
      [valid, changed, fromBase64(SELF_TEST.cofactoredOnly)].map((signature) => native.evaluateNatively({ key, message, signature })),
    );
    return verdicts[0] === true && verdicts[1] === false && verdicts[2] === false ? native : null;
  } catch {
    // No Ed25519 in this WebCrypto (NotSupportedError), or a broken one.
    return null;
  }
}

class WebCryptoEd25519 implements NativeEd25519 {
  private readonly keys = new Map<string, Promise<CryptoKey>>();

  constructor(private readonly subtle: Ed25519Subtle) {}

  async evaluate(equation: Ed25519Equation): Promise<boolean> {
    try {
      return await this.evaluateNatively(equation);
    } catch {
      // Cannot happen with what the strict checks let through; if it does, decide in JavaScript.
      return evaluatePortably(equation);
    }
  }

  async evaluateNatively({ key, message, signature }: Ed25519Equation): Promise<boolean> {
    return this.subtle.verify(ALGORITHM, await this.importKey(key), bytes(signature), bytes(message));
  }

  private importKey(key: Uint8Array): Promise<CryptoKey> {
    const id = String.fromCharCode(...key);
    let imported = this.keys.get(id);
    if (imported === undefined) {
      imported = this.subtle.importKey('raw', bytes(key), ALGORITHM, false, ['verify']);
      // A failed import is not remembered.
      imported.catch(() => this.keys.delete(id));
      if (this.keys.size >= KEY_CACHE_LIMIT) this.keys.delete(this.keys.keys().next().value!);
      this.keys.set(id, imported);
    }
    return imported;
  }
}

/** WebCrypto takes views of an ArrayBuffer (not a SharedArrayBuffer). */
function bytes(view: Uint8Array): Uint8Array<ArrayBuffer> {
  return view.buffer instanceof ArrayBuffer ? (view as Uint8Array<ArrayBuffer>) : new Uint8Array(view);
}
