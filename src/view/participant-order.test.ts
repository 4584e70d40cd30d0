import { describe, expect, it } from 'vitest';
import { firstInDisplayOrder, inDisplayOrder } from './participant-order';
import type { Severity } from './tab-view';

const row = (id: string, worst: Severity | null, isSelf = false) => ({ id, worst, isSelf });

describe('the order people are listed in', () => {
  it('puts the worst warnings first and keeps the page order within each rank; a notice moves nobody', () => {
    const rows = [row('a', null), row('b', 'info'), row('c', 'critical'), row('d', 'warning'), row('e', 'critical'), row('f', null)];
    expect(inDisplayOrder(rows).map((r) => r.id)).toEqual(['c', 'e', 'd', 'a', 'b', 'f']);
  });

  it('keeps the account holder (never noticed at first sight) in the page order among people who are', () => {
    const rows = [row('me', null, true), row('a', 'info'), row('b', 'info'), row('c', 'warning')];
    expect(inDisplayOrder(rows).map((r) => r.id)).toEqual(['c', 'me', 'a', 'b']);
  });

  it('gives the first rows of that order, with the account holder added when further down', () => {
    const rows = [row('a', null), row('me', null, true), row('b', null), row('c', 'critical'), row('d', null)];
    expect(firstInDisplayOrder(rows, 2).map((r) => r.id)).toEqual(['c', 'a', 'me']);
    expect(firstInDisplayOrder(rows, 3).map((r) => r.id)).toEqual(['c', 'a', 'me']);
    expect(firstInDisplayOrder(rows, 10).map((r) => r.id)).toEqual(['c', 'a', 'me', 'b', 'd']);
    expect(
      firstInDisplayOrder(
        rows.filter((r) => !r.isSelf),
        2,
      ).map((r) => r.id),
    ).toEqual(['c', 'a']);
  });
});
