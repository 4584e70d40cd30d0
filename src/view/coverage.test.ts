import { describe, expect, it } from 'vitest';
import { applyCoverageReport, coverageView, gap, MAX_GAP_SUBJECTS, notTakenIn, type CoverageReport, type TabCoverage } from './coverage';
import { notCheckedReasons } from './standing';

const DOC = 'https://chat.example/app';
const read = (conversationKey = 'c1'): CoverageReport['read'] => ({ conversationKey, reader: { adapter: 'page-protocol' } });
const apply = (record: TabCoverage | null, report: Partial<CoverageReport>, now: number) =>
  applyCoverageReport(record, { document: DOC, read: null, gaps: [], ...report }, now);

describe('coverage record', () => {
  it('records the last read, and a read clears the gaps about the state read before', () => {
    let c = apply(null, { gaps: [gap.refused('not JSON')] }, 1);
    expect(c.lastRead).toBeNull();
    expect(c.gaps.map((g) => g.kind)).toEqual(['refused']);
    c = apply(c, { read: read() }, 2);
    expect(c.lastRead).toMatchObject({ at: 2, conversationKey: 'c1', adapter: 'page-protocol' });
    expect(c.gaps).toEqual([]);
  });

  it('keeps gaps that last the document across reads, and sums them by kind', () => {
    let c = apply(null, { read: read(), gaps: [gap.statesSkipped(30)] }, 1);
    c = apply(c, { read: read(), gaps: [gap.statesSkipped(12)] }, 2);
    c = apply(c, { read: read() }, 3);
    expect(c.gaps).toEqual([{ kind: 'states-skipped', count: 42, occurrences: 2, subjects: [], detail: null, first: 1, last: 2 }]);
  });

  it('replaces a gap that lasts until the next read with what the read reports now', () => {
    let c = apply(null, { read: read(), gaps: [gap.keysMissing(['@a:x', '@b:x'])] }, 1);
    c = apply(c, { read: read(), gaps: [gap.keysMissing(['@b:x'])] }, 2);
    expect(c.gaps).toEqual([{ kind: 'keys-missing', count: 1, occurrences: 1, subjects: ['@b:x'], detail: null, first: 2, last: 2 }]);
    c = apply(c, { read: read() }, 3);
    expect(c.gaps).toEqual([]);
  });

  it('keeps a gap reported in the same report as a read (what that read could not check)', () => {
    const c = apply(null, { read: read(), gaps: [gap.refused('a device entry was malformed')] }, 1);
    expect(c.gaps.map((g) => g.kind)).toEqual(['refused']);
  });

  it('starts again for another document, not for another fragment', () => {
    const c = apply(null, { read: read(), gaps: [gap.responsesUnread(1)] }, 1);
    expect(applyCoverageReport(c, { document: DOC, read: null, gaps: [] }, 2).gaps).toHaveLength(1);
    expect(applyCoverageReport(c, { document: `${DOC}/other`, read: null, gaps: [] }, 2)).toEqual({
      document: `${DOC}/other`,
      lastRead: null,
      gaps: [],
    });
  });

  it('keeps what a document missed when the page changes its own address (same document id), not when another document reports', () => {
    const c = apply(null, { documentId: 'doc-1', read: read(), gaps: [gap.writeFailed('the trust store', 'quota')] }, 1);
    // history.replaceState to another path, then one more report: still the same document.
    const moved = applyCoverageReport(c, { document: `${DOC}/elsewhere`, documentId: 'doc-1', read: read(), gaps: [] }, 2);
    expect(moved.gaps.map((g) => g.kind)).toEqual(['write-failed']);
    expect(
      notCheckedReasons({
        conversationKey: 'c1',
        coverage: moved,
        document: `${DOC}/elsewhere`,
        documentId: 'doc-1',
        pending: false,
        rosterComplete: true,
      }),
    ).toEqual([{ kind: 'gap', gap: 'write-failed', count: 1 }]);
    // A reload at the same address is another document: its own record, and the old one speaks for nothing.
    const reloaded = applyCoverageReport(c, { document: DOC, documentId: 'doc-2', read: null, gaps: [] }, 2);
    expect(reloaded).toEqual({ document: DOC, documentId: 'doc-2', lastRead: null, gaps: [] });
    expect(
      notCheckedReasons({ conversationKey: 'c1', coverage: c, document: DOC, documentId: 'doc-2', pending: false, rosterComplete: true }),
    ).toEqual([{ kind: 'not-read' }]);
  });

  it('keeps a report that could not be stored missed for the rest of the document, a refused one until the next read', () => {
    const failed = apply(null, { gaps: [notTakenIn('https://chat.example', { reason: 'quota', writeFailed: true })] }, 1);
    const refused = apply(null, { gaps: [notTakenIn('https://chat.example', { reason: 'bad key' })] }, 1);
    const over = apply(null, { gaps: [notTakenIn('https://chat.example', { reason: 'limit', overLimit: true })] }, 1);
    expect([failed, refused, over].map((c) => c.gaps.map((g) => g.kind))).toEqual([['write-failed'], ['refused'], ['over-limit']]);
    // The next read: the state it shows was checked, but what was not stored stays missed.
    expect(apply(failed, { read: read() }, 2).gaps.map((g) => g.kind)).toEqual(['write-failed']);
    expect(apply(refused, { read: read() }, 2).gaps).toEqual([]);
  });

  it('remembers when each kind of Matrix response was last read', () => {
    const matrix = (response: 'keys-query' | 'members' | null) => ({
      conversationKey: 'c1',
      reader: { adapter: 'matrix' as const, response },
    });
    let c = apply(null, { read: matrix('members') }, 1);
    c = apply(c, { read: matrix('keys-query') }, 2);
    c = apply(c, { read: matrix(null) }, 3);
    expect(c.lastRead).toMatchObject({ at: 3, adapter: 'matrix', responses: { members: 1, 'keys-query': 2 } });
    expect(coverageView(c, false).lastRead?.responses).toEqual([
      { response: 'keys-query', at: 2 },
      { response: 'members', at: 1 },
    ]);
  });

  it('bounds what a page can put in a gap', () => {
    const users = Array.from({ length: 500 }, (_, i) => `@${'x'.repeat(1000)}${i}:hs`);
    const g = gap.keysWithheld(['hs'], users);
    expect(g.count).toBe(500);
    expect(g.subjects).toHaveLength(MAX_GAP_SUBJECTS);
    expect(Math.max(...g.subjects.map((s) => s.length))).toBeLessThanOrEqual(300);
    expect(gap.refused('r'.repeat(10_000)).detail!.length).toBeLessThanOrEqual(1000);
    expect(gap.statesSkipped(Number.NaN).count).toBe(1);
  });

  it('lists gaps that can hide the current state first', () => {
    let c = apply(null, { read: read(), gaps: [gap.statesSkipped(3)] }, 1);
    c = apply(c, { gaps: [gap.writeFailed('the trust store', 'quota')] }, 2);
    c = apply(c, { gaps: [gap.statesSkipped(1)] }, 3);
    expect(coverageView(c, true).gaps.map((g) => g.kind)).toEqual(['write-failed', 'states-skipped']);
    expect(coverageView(c, true).pending).toBe(true);
  });
});
