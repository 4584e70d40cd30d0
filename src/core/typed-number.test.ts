import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTyped, typedDigits } from './typed-number';

const NUMBER = '300354477692869396892869876765458257569162576843440918079131';
const digits60 = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 60, maxLength: 60 }).map((d) => d.join(''));

describe('compareTyped', () => {
  it('matches the number typed with or without separators', () => {
    expect(compareTyped(NUMBER, NUMBER)).toEqual({ result: 'match' });
    expect(compareTyped(NUMBER, NUMBER.match(/\d{5}/g)!.join(' '))).toEqual({ result: 'match' });
    expect(compareTyped(NUMBER, NUMBER.match(/\d{5}/g)!.join('-\n'))).toEqual({ result: 'match' });
  });

  it('names the first group that differs, and all of them', () => {
    const wrong = NUMBER.slice(0, 17) + '0' + NUMBER.slice(18, 52) + '9' + NUMBER.slice(53);
    expect(NUMBER[17]).not.toBe('0');
    expect(NUMBER[52]).not.toBe('9');
    expect(compareTyped(NUMBER, wrong)).toEqual({ result: 'mismatch', firstDifferingGroup: 3, differingGroups: [3, 10] });
  });

  it('reports progress and an early difference only for whole groups', () => {
    expect(compareTyped(NUMBER, '')).toEqual({ result: 'empty' });
    expect(compareTyped(NUMBER, '   ')).toEqual({ result: 'empty' });
    expect(compareTyped(NUMBER, '3003')).toEqual({ result: 'incomplete', typed: 4, expected: 60, firstDifferingGroup: null });
    expect(compareTyped(NUMBER, '30035 4')).toEqual({ result: 'incomplete', typed: 6, expected: 60, firstDifferingGroup: null });
    expect(compareTyped(NUMBER, '30035 44777')).toEqual({ result: 'incomplete', typed: 10, expected: 60, firstDifferingGroup: 1 });
  });

  it('refuses letters and too many digits', () => {
    expect(compareTyped(NUMBER, '30035 4477x')).toEqual({ result: 'not-digits', character: 'x' });
    expect(compareTyped(NUMBER, NUMBER + '1')).toEqual({ result: 'too-long', typed: 61, expected: 60 });
  });

  it('refuses an expected number that is not whole groups of digits', () => {
    expect(() => compareTyped('1234', '1234')).toThrow(RangeError);
    expect(() => compareTyped('abcde', 'abcde')).toThrow(RangeError);
  });

  it('matches any number with itself, however it is spaced', () => {
    fc.assert(
      fc.property(digits60, fc.array(fc.constantFrom(' ', '-', '\n', '.', ''), { minLength: 60, maxLength: 60 }), (n, seps) => {
        const typed = [...n].map((d, i) => d + seps[i]).join('');
        expect(compareTyped(n, typed)).toEqual({ result: 'match' });
      }),
    );
  });

  it('finds exactly the group of a single changed digit', () => {
    fc.assert(
      fc.property(digits60, fc.integer({ min: 0, max: 59 }), fc.integer({ min: 1, max: 9 }), (n, at, delta) => {
        const changed = n.slice(0, at) + String((Number(n[at]) + delta) % 10) + n.slice(at + 1);
        const group = Math.floor(at / 5);
        expect(compareTyped(n, changed)).toEqual({ result: 'mismatch', firstDifferingGroup: group, differingGroups: [group] });
      }),
    );
  });

  it('keeps only digits', () => {
    expect(typedDigits('12 34-5')).toEqual({ digits: '12345' });
    expect(typedDigits('12a')).toEqual({ bad: 'a' });
  });
});
