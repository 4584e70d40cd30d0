import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toBase64 } from './encoding';
import { printGroups, printKey, printLines, shortPrint } from './key-print';

const raw = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
const signalForm = Uint8Array.of(0x05, ...raw);

describe('the printed form of a key', () => {
  it('is the 32 key bytes as 16 groups of four lowercase hex digits, in two lines of eight', () => {
    const groups = printGroups('ed25519', raw);
    expect(groups).toHaveLength(16);
    expect(groups.every((g) => /^[0-9a-f]{4}$/.test(g))).toBe(true);
    expect(groups.join('')).toBe([...raw].map((b) => b.toString(16).padStart(2, '0')).join(''));
    const lines = printLines(groups);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(groups.slice(0, 8).join(' '));
    expect(lines[1]).toBe(groups.slice(8).join(' '));
  });

  it("prints both spellings of one X25519 key alike: Signal's 0x05 type byte is not printed", () => {
    expect(printGroups('curve25519', signalForm)).toEqual(printGroups('curve25519', raw));
    expect(printKey({ algorithm: 'curve25519', key: toBase64(signalForm) })).toEqual(
      printKey({ algorithm: 'curve25519', key: toBase64(raw) }),
    );
    // An Ed25519 key that happens to start with 0x05 keeps every byte.
    const ed = Uint8Array.of(0x05, ...raw.subarray(1));
    expect(printGroups('ed25519', ed)[0]).toBe(`05${raw[1]!.toString(16).padStart(2, '0')}`);
  });

  it('gives a short form of the first three groups, the same as the start of the full form', () => {
    const key = { algorithm: 'curve25519' as const, key: toBase64(signalForm) };
    const full = printKey(key)!;
    expect(shortPrint(key)).toBe(`${full.slice(0, 3).join(' ')}…`);
  });

  it('never throws on a key that is not base64', () => {
    expect(printKey({ algorithm: 'curve25519', key: 'A' })).toBeNull();
    expect(shortPrint({ algorithm: 'curve25519', key: 'A' })).toBe('A…');
  });
});

describe('docs/page-protocol.md', () => {
  it("prints the example's key exactly as the code does", () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../docs/page-protocol.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Showing keys: the printed form'));
    const example = /```\n\s*([0-9a-f ]+)\n\s*([0-9a-f ]+)\n\s*```/.exec(section);
    const key = /the Ed25519 identity key `([^`]+)`/.exec(section);
    expect(example && key).toBeTruthy();
    expect(printLines(printKey({ algorithm: 'ed25519', key: key![1]! })!)).toEqual([example![1]!.trim(), example![2]!.trim()]);
  });
});
