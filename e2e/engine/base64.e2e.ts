// The engine's base64 decoder (Uint8Array.fromBase64), as fromBase64 uses it in
// each browser, against KeyWatch's own decoder in JavaScript on the same texts:
// every text the engine's reading accepts, JavaScript accepts with the same
// bytes, and every text JavaScript accepts is read by the engine (so the fast
// path is the one taken). One key must never have two spellings.
import assert from 'node:assert/strict';
import { decodeInJavaScript, decodeNatively, toBase64, toHex } from '../../src/core/encoding';
import { Random } from '../../src/core/trust/testing/year-of-use/random';
import type { E2ETest } from '../test-api';

type Padding = 'required' | 'forbidden';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** What a hostile or careless spelling may hold besides the alphabet. */
const STRAY = ['=', ' ', '\n', '\t', '\r', '\f', '\v', '-', '_', '.', '\u0000', 'é', '\u00a0', '\u3000', '\ud83d', 'A'];

function corpus(): string[] {
  // Seeded: the same texts in every run and both browsers.
  const random = new Random(0x6b657977);
  const texts = new Set<string>([
    '',
    '=',
    '==',
    '===',
    '====',
    'A',
    'AA',
    'AAA',
    'AA==',
    'AA=',
    'AAA=',
    'A===',
    'AAAA====',
    'AB==',
    'AAE=',
  ]);
  for (let length = 0; length <= 40; length++) {
    for (let n = 0; n < 6; n++) {
      const bytes = Uint8Array.from({ length }, () => random.int(0, 255));
      const padded = toBase64(bytes);
      const bare = toBase64(bytes, false);
      for (const valid of [padded, bare]) {
        texts.add(valid);
        if (valid.length === 0) continue;
        const end = valid.replace(/=+$/, '').length - 1;
        // Every spelling of the last character: only one has zero trailing bits.
        for (const c of ALPHABET) texts.add(valid.slice(0, end) + c + valid.slice(end + 1));
        for (let m = 0; m < 8; m++) {
          const at = random.int(0, valid.length);
          texts.add(valid.slice(0, at) + random.pick(STRAY) + valid.slice(at)); // inserted
          texts.add(valid.slice(0, at) + random.pick(STRAY) + valid.slice(at + 1)); // replaced
          texts.add(valid.slice(0, at) + valid.slice(at + 1)); // dropped
        }
        texts.add(valid + '=');
        texts.add(valid.replace(/=+$/, ''));
      }
    }
  }
  return [...texts];
}

/** What the JavaScript decoder makes of each text: its bytes in hex, or null when it refuses it. */
function inJavaScript(texts: readonly string[], padding: Padding): Array<string | null> {
  return texts.map((text) => {
    try {
      return toHex(decodeInJavaScript(text, padding));
    } catch {
      return null;
    }
  });
}

export const tests: E2ETest[] = [
  {
    name: 'base64: the engine’s decoder, as fromBase64 uses it, reads exactly what the JavaScript decoder reads',
    async run({ pool, server, browser: name }) {
      const texts = corpus();
      const url = server.publish('/base64-engine.html', '<!doctype html><title>base64</title>');
      const browser = await pool.launch('base64-engine');
      try {
        const page = await browser.newPage(url);
        const read = await page.evaluate(
          ({ source, texts }) => {
            const native = (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64;
            if (typeof native !== 'function') return null;
            // The function fromBase64 calls, from its own source (it is self-contained). No named closures here: the
            // test runner's transform would wrap them in a helper the page does not have.
            const decode = new Function(`return (${source})`)() as (t: string, p: string, n: unknown) => Uint8Array | null;
            const out: Record<string, Array<string | null>> = { required: [], forbidden: [] };
            for (const padding of ['required', 'forbidden'])
              for (const text of texts) {
                const bytes = decode(text, padding, native);
                out[padding]!.push(bytes === null ? null : Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));
              }
            return out as { required: Array<string | null>; forbidden: Array<string | null> };
          },
          { source: decodeNatively.toString(), texts },
        );
        assert.ok(read, `${name} has Uint8Array.fromBase64 (KeyWatch's fast path)`);
        for (const padding of ['required', 'forbidden'] as const) {
          const expected = inJavaScript(texts, padding);
          const accepted = expected.filter((hex) => hex !== null).length;
          assert.ok(
            accepted > 400 && accepted < texts.length / 2,
            `the ${padding} corpus holds both valid and invalid texts (${accepted} of ${texts.length} valid)`,
          );
          texts.forEach((text, i) => {
            const native = read[padding][i];
            if (native !== null)
              assert.equal(
                native,
                expected[i],
                `${JSON.stringify(text)} (${padding}): the engine read it, JavaScript ${expected[i] === null ? 'refuses it' : 'reads other bytes'}`,
              );
            else
              assert.equal(expected[i], null, `${JSON.stringify(text)} (${padding}): JavaScript reads it, the engine's reading refused it`);
          });
        }
      } finally {
        await browser.close();
      }
    },
  },
];
