// Fuzz: 10,000 hostile reports through the coverage record's bounds. Whatever
// a page makes an adapter report (user ids and servers of any length and
// number, counts that are not counts, reasons of any size, any order, other
// documents), the record a tab keeps stays small: one gap per kind, at most
// MAX_GAP_SUBJECTS subjects of at most 300 characters, a detail of at most
// 1,000, whole positive counts; and it never throws.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCoverageReport,
  gap,
  GAP_KIND_NAMES,
  MAX_GAP_SUBJECTS,
  MATRIX_RESPONSES,
  type CoverageReport,
  type TabCoverage,
} from './coverage';

const RUNS = 2000;
const STEPS = 5; // × RUNS = 10,000 reports

const text = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.constant('x'.repeat(100_000)));
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, 2 ** 60));
const list = fc.oneof(fc.array(text, { maxLength: 30 }), fc.constant(Array.from({ length: 5000 }, (_, i) => `@user${i}:example.org`)));

const gapReport = fc.oneof(
  text.map((t) => gap.refused(t)),
  number.map((n) => gap.statesSkipped(n)),
  number.map((n) => gap.responsesUnread(n)),
  fc.tuple(list, list).map(([servers, users]) => gap.keysWithheld(servers, users)),
  list.map((users) => gap.keysMissing(users)),
  fc.tuple(text, fc.option(text, { nil: null })).map(([what, detail]) => gap.overLimit(what, detail)),
  fc.tuple(text, text).map(([what, error]) => gap.writeFailed(what, error)),
  fc.tuple(list, fc.option(text, { nil: null })).map(([where, detail]) => gap.unseen(where, detail)),
);

const report: fc.Arbitrary<CoverageReport> = fc.record({
  document: fc.constantFrom('https://chat.example/app', 'https://chat.example/other'),
  read: fc.option(
    fc.record({
      conversationKey: text,
      reader: fc.oneof(
        fc.constant({ adapter: 'page-protocol' as const }),
        fc.constantFrom(null, ...MATRIX_RESPONSES).map((response) => ({ adapter: 'matrix' as const, response })),
      ),
    }),
    { nil: null },
  ),
  gaps: fc.array(gapReport, { maxLength: 4 }),
});

describe('coverage record, fuzzed', () => {
  it(`stays bounded through ${RUNS * STEPS} hostile reports`, () => {
    fc.assert(
      fc.property(fc.array(report, { minLength: STEPS, maxLength: STEPS }), fc.integer({ min: 0, max: 2 ** 40 }), (reports, start) => {
        let record: TabCoverage | null = null;
        reports.forEach((r, i) => {
          record = applyCoverageReport(record, r, start + i);
        });
        const kept = record!;
        expect(new Set(kept.gaps.map((g) => g.kind)).size).toBe(kept.gaps.length);
        for (const g of kept.gaps) {
          expect(GAP_KIND_NAMES).toContain(g.kind);
          expect(g.subjects.length).toBeLessThanOrEqual(MAX_GAP_SUBJECTS);
          for (const s of g.subjects) expect(s.length).toBeLessThanOrEqual(300);
          expect(g.detail === null || g.detail.length <= 1000).toBe(true);
          for (const n of [g.count, g.occurrences]) expect(Number.isSafeInteger(n) && n >= 1).toBe(true);
        }
        expect(JSON.stringify(kept).length).toBeLessThan(GAP_KIND_NAMES.length * (MAX_GAP_SUBJECTS * 310 + 1200) + 200_000);
      }),
      { numRuns: RUNS },
    );
  });
});
