import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutateAt, junk } from '../trust/testing/arbitraries';
import { ORIGIN } from '../trust/testing/test-support';
import { buildRecordsFile, serializeRecordsFile } from './export';
import { RECORDS_FILE_LIMITS } from './format';
import { contactKey, CURRENT_SCHEMA_VERSION } from '../trust';
import { parseRecordsFile } from './parse';
import { storeAfter, storeArb } from './testing/test-stores';
import { snapshot, person, T0 } from '../trust/testing/test-support';

const store = storeAfter([
  { kind: 'snapshot', snapshot: snapshot([person('alice', 1), person('bob', 2), person('carol', 3)]), wait: 1 },
  { kind: 'verify', person: 'bob', keyNumber: 2, method: 'scanned' },
]);
const NOW = T0 + 10 ** 7;
const good = () => JSON.parse(serializeRecordsFile(buildRecordsFile(store, NOW).file));
const parse = (text: string) => parseRecordsFile(text, NOW);
const parseObject = (value: unknown) => parse(JSON.stringify(value));
const carolKey = contactKey(ORIGIN, 'alice', 'carol');
const errorOf = (result: ReturnType<typeof parseRecordsFile>) => (result.ok ? null : result.error);

describe('parseRecordsFile', () => {
  it('reads back what export writes', () => {
    const { file } = buildRecordsFile(store, NOW);
    const parsed = parse(serializeRecordsFile(file));
    expect(parsed).toEqual({ ok: true, file: { exportedAt: NOW, records: file.records, settings: file.settings } });
    expect(Object.keys(file.records)).toContain(carolKey);
  });

  it('refuses what is not JSON or not a records file', () => {
    expect(errorOf(parse('{"format": "keywatch-records", '))?.code).toBe('not-json');
    expect(errorOf(parse('\u0089PNG\r\n'))?.code).toBe('not-json');
    for (const other of [[], {}, null, 7, { format: 'something-else', version: 1 }]) {
      expect(errorOf(parseObject(other))?.code).toBe('not-a-records-file');
    }
  });

  it('refuses a file from a newer KeyWatch, saying so', () => {
    const error = errorOf(parseObject({ ...good(), version: 2, records: 'a new layout' }));
    expect(error?.code).toBe('future-version');
    expect(error?.message).toMatch(/newer KeyWatch \(records file version 2\).*reads version 1.*Nothing was changed\.$/);
    const newerStore = errorOf(parseObject({ ...good(), storeVersion: CURRENT_SCHEMA_VERSION + 1 }));
    expect(newerStore?.code).toBe('future-version');
    expect(newerStore?.message).toMatch(/records of a newer KeyWatch/);
  });

  it('names where a damaged file is damaged', () => {
    const file = good();
    file.records[carolKey].keys[0].firstSeen = -5;
    const error = errorOf(parseObject(file));
    expect(error?.code).toBe('malformed');
    expect(error?.message).toContain(`record ${carolKey}: at keys.0.firstSeen: expected a time`);
    expect(errorOf(parseObject({ ...good(), records: { ...good().records, 'my/own': 1 } }))?.message).toMatch(/unknown key \("my\/own"\)/);
    expect(errorOf(parseObject({ ...good(), records: { ...good().records, schema: { version: 1 } } }))?.message).toMatch(/unknown key/);
    expect(errorOf(parseObject({ ...good(), version: 0 }))?.code).toBe('malformed');
    expect(errorOf(parseObject({ ...good(), version: '1' }))?.code).toBe('malformed');
    expect(errorOf(parseObject({ ...good(), extra: true }))?.message).toMatch(/unexpected field/);
    const { records: _, ...noRecords } = good();
    expect(errorOf(parseObject(noRecords))?.message).toMatch(/at records: missing/);
  });

  it("refuses a record under another record's key, and a verified mark without its verification", () => {
    const moved = good();
    moved.records[contactKey(ORIGIN, 'alice', 'dave')] = moved.records[carolKey];
    expect(errorOf(parseObject(moved))?.message).toMatch(/names another contact than its key/);
    const unearned = good();
    const carol = unearned.records[carolKey];
    carol.trust = 'verified';
    expect(errorOf(parseObject(unearned))?.code).toBe('inconsistent');
    expect(errorOf(parseObject(unearned))?.message).toMatch(
      /carol of https:\/\/courier\.example is marked verified without a verification/,
    );
    expect(ORIGIN).toBe('https://courier.example');
  });

  it('refuses a file larger than any real one before parsing it', () => {
    const error = errorOf(parse(' '.repeat(RECORDS_FILE_LIMITS.chars + 1)));
    expect(error?.code).toBe('too-large');
  });

  it('never throws and always explains itself, whatever the file holds', () => {
    fc.assert(
      fc.property(storeArb, fc.array(fc.nat(), { maxLength: 6 }), junk, (s, path, replacement) => {
        const file = JSON.parse(serializeRecordsFile(buildRecordsFile(s, NOW).file));
        let text: string;
        try {
          text = JSON.stringify(mutateAt(file, path, replacement)) ?? 'undefined';
        } catch {
          text = `{"format": "keywatch-records", "version": 1, "bad": ${typeof replacement}`;
        }
        const result = parse(text);
        if (!result.ok) expect(result.error.message).toMatch(/Nothing was changed\.$/);
      }),
      { numRuns: 300 },
    );
  });
});
