import { describe, expect, it } from 'vitest';
import { SESSION_QUOTA_BYTES } from '../adapters/matrix/background/session-bytes';
import { CARRY_FORMAT, CARRY_MARGIN_BYTES, carryFits, carryText, MAX_CARRY_BYTES, newStamp, readCarry, sameStamp } from './store-carry';

const known = {
  values: [
    ['v1/contact/a', { name: 'Ann', keys: [{ key: 'AAAA' }] }],
    ['schema', { version: 6 }],
    ['odd', null],
  ] as Array<[string, unknown]>,
  absent: ['v5/open/contact/a', 'v1/alert/0f'],
};

describe('the copy carried over a stopped worker', () => {
  it('reads back exactly what was carried, at the same stamp', () => {
    const stamp = newStamp();
    const { text } = carryText(stamp, known)!;
    expect(sameStamp(text, stamp)).toBe(true);
    expect(readCarry(text, stamp)).toEqual({ ...known, verdicts: [0, 0, 0] });
  });

  it('carries each value’s verdict with it, by position', () => {
    const verdictOf = (key: string) => (key.startsWith('v1/contact/') ? 1 : 0);
    const { text } = carryText('e1', known, verdictOf)!;
    expect(readCarry(text, 'e1')).toEqual({ ...known, verdicts: [1, 0, 0] });
  });

  it('is not used at any other stamp, or with none', () => {
    const { text } = carryText('a1', known)!;
    for (const now of ['a2', 'a', '', undefined, null, 7]) {
      expect(readCarry(text, now)).toBeNull();
      expect(sameStamp(text, now)).toBe(false);
    }
  });

  it('is not used when damaged or of another format', () => {
    const stamp = 'b1';
    const good = JSON.parse(carryText(stamp, known)!.text) as Record<string, unknown>;
    const damaged: unknown[] = [
      undefined,
      42,
      '',
      '{"format":1,"stamp":"b1",',
      JSON.stringify({ ...good, format: CARRY_FORMAT + 1 }),
      JSON.stringify({ ...good, values: {} }),
      JSON.stringify({ ...good, values: [['only a key']] }),
      JSON.stringify({ ...good, values: [[3, 'a number for a key']] }),
      JSON.stringify({ ...good, absent: [1] }),
      JSON.stringify({ ...good, absent: 'v1/alert/0f' }),
      JSON.stringify({ ...good, verdicts: undefined }),
      JSON.stringify({ ...good, verdicts: [0, 0] }),
      JSON.stringify({ ...good, verdicts: [0, 0, 0, 0] }),
      JSON.stringify({ ...good, verdicts: [0, -1, 0] }),
      JSON.stringify({ ...good, verdicts: [0, 1.5, 0] }),
      JSON.stringify({ ...good, verdicts: [0, '1', 0] }),
      JSON.stringify({ ...good, verdicts: [0, 256, 0] }),
      JSON.stringify([good]),
      'null',
    ];
    for (const text of damaged) expect(readCarry(text, stamp), String(text)).toBeNull();
  });

  it('is not carried past its size limit, counted in bytes as either browser charges them', () => {
    const big = { values: [['v1/contact/big', 'x'.repeat(MAX_CARRY_BYTES)]] as Array<[string, unknown]>, absent: [] };
    expect(carryText('c1', big)).toBeNull();
    // Fewer characters than the limit, but three bytes each in UTF-8.
    const wide = { values: [['v1/contact/wide', '字'.repeat(MAX_CARRY_BYTES / 2)]] as Array<[string, unknown]>, absent: [] };
    expect(carryText('c1', wide)).toBeNull();
    const fits = { values: [['v1/contact/wide', '字'.repeat(MAX_CARRY_BYTES / 4)]] as Array<[string, unknown]>, absent: [] };
    expect(readCarry(carryText('c1', fits)!.text, 'c1')).toEqual({ ...fits, verdicts: [0] });
    const { text } = carryText('c1', known)!;
    expect(readCarry(text + ' '.repeat(MAX_CARRY_BYTES), 'c1')).toBeNull();
  });

  it('stamps each write afresh', () => {
    const stamps = new Set(Array.from({ length: 100 }, newStamp));
    expect(stamps.size).toBe(100);
    for (const stamp of stamps) expect(stamp).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is written only where it leaves room for the rest of storage.session, counting the copy it replaces', () => {
    const { bytes } = carryText('d1', known)!;
    const room = SESSION_QUOTA_BYTES - CARRY_MARGIN_BYTES;
    expect(carryFits(bytes, 0, 0)).toBe(true);
    expect(carryFits(bytes, room - bytes, 0)).toBe(true);
    expect(carryFits(bytes, room - bytes + 1, 0)).toBe(false);
    // The copy it replaces frees its own bytes.
    expect(carryFits(bytes, room, bytes)).toBe(true);
    expect(carryFits(bytes, room + 1, bytes)).toBe(false);
    // An area filled by something else to within a few kilobytes takes no copy at all.
    expect(carryFits(bytes, SESSION_QUOTA_BYTES - 2000, 0)).toBe(false);
  });
});
