import { describe, expect, it } from 'vitest';
import { applyCoverageReport, gap, type GapReport, type TabCoverage } from './coverage';
import { standingOf, type StandingInput } from './standing';

const DOC = 'https://chat.example/app';
function coverage(gaps: GapReport[] = [], conversationKey = 'c1'): TabCoverage {
  return applyCoverageReport(null, { document: DOC, read: { conversationKey, reader: { adapter: 'page-protocol' } }, gaps }, 1);
}
const input = (over: Partial<StandingInput> = {}): StandingInput => ({
  storedLevel: 'unverified',
  allVerifiedNow: true,
  conversationKey: 'c1',
  coverage: coverage(),
  document: DOC,
  pending: false,
  rosterComplete: true,
  ...over,
});

describe('standing', () => {
  it('is all verified over a complete, fresh, checked roster, from the trust now rather than the stored level', () => {
    expect(standingOf(input())).toEqual({ standing: 'all-verified', notChecked: [] });
    expect(standingOf(input({ storedLevel: 'all-verified', allVerifiedNow: false })).standing).toBe('unverified');
  });

  it('keeps the degraded latch until the user releases it, and still says what was not checked', () => {
    expect(standingOf(input({ storedLevel: 'degraded' })).standing).toBe('degraded');
    expect(standingOf(input({ storedLevel: 'degraded', pending: true }))).toEqual({
      standing: 'degraded',
      notChecked: [{ kind: 'pending' }],
    });
  });

  it.each<[string, Partial<StandingInput>, unknown]>([
    ['a report is being checked', { pending: true }, { kind: 'pending' }],
    ['nothing was read in this document', { coverage: null }, { kind: 'not-read' }],
    ['the last read was of another document', { document: `${DOC}/2` }, { kind: 'not-read' }],
    ['the last read was of another conversation', { coverage: coverage([], 'c2') }, { kind: 'not-read' }],
    ['responses were not read', { coverage: coverage([gap.responsesUnread(2)]) }, { kind: 'gap', gap: 'responses-unread', count: 2 }],
    ['the last report was refused', { coverage: coverage([gap.refused('bad')]) }, { kind: 'gap', gap: 'refused', count: 1 }],
    ['a write failed', { coverage: coverage([gap.writeFailed('x', 'quota')]) }, { kind: 'gap', gap: 'write-failed', count: 1 }],
    ['part of the roster is damaged', { rosterComplete: false }, { kind: 'roster-damaged' }],
    ['the roster is shown from memory, even over a fresh read of it', { remembered: true }, { kind: 'remembered' }],
    ['the tab did not say which document it shows, even over a fresh read', { unconfirmed: true }, { kind: 'unconfirmed' }],
  ])('is not checked when %s, whatever the trust', (_, over, reason) => {
    for (const storedLevel of ['all-verified', 'unverified'] as const) {
      const result = standingOf(input({ ...over, storedLevel }));
      expect(result.standing).toBe('not-checked');
      expect(result.notChecked).toContainEqual(reason);
    }
  });

  it('does not let skipped earlier states block good news: the latest state was checked', () => {
    expect(standingOf(input({ coverage: coverage([gap.statesSkipped(1968)]) })).standing).toBe('all-verified');
  });
});
