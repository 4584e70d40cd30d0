import { describe, expect, it } from 'vitest';
import { SETTINGS_KEY } from '../settings/site-settings';
import { contactKey, CURRENT_SCHEMA_VERSION, parseStorageKey } from '../trust';
import { ACCOUNT, ORIGIN, person, snapshot, T0 } from '../trust/testing/test-support';
import { buildRecordsFile, recordsFileName, serializeRecordsFile } from './export';
import { storeAfter } from './testing/test-stores';

const store = storeAfter([{ kind: 'snapshot', snapshot: snapshot([person('alice', 1), person('bob', 2)]), wait: 1 }]);
const kinds = (records: Record<string, unknown>) => Object.keys(records).map((k) => parseStorageKey(k).kind);

describe('buildRecordsFile', () => {
  it('holds every sound record by key, the settings, and the versions', () => {
    const { file, skipped } = buildRecordsFile({ ...store, [SETTINGS_KEY]: { disabledSites: ['https://off.example'] }, unrelated: 1 }, T0);
    expect(file).toMatchObject({
      format: 'keywatch-records',
      version: 1,
      exportedAt: T0,
      storeVersion: CURRENT_SCHEMA_VERSION,
      settings: { disabledSites: ['https://off.example'] },
    });
    expect(kinds(file.records).filter((k) => k === 'contact')).toHaveLength(2);
    expect(kinds(file.records)).toContain('conversation');
    expect(kinds(file.records)).toContain('alert');
    expect(kinds(file.records)).not.toContain('schema');
    expect(Object.keys(file.records)).not.toContain('unrelated');
    for (const [key, value] of Object.entries(file.records)) expect(value).toEqual(store[key]);
    expect(skipped).toEqual([]);
  });

  it('leaves out damaged records and names them', () => {
    const bob = contactKey(ORIGIN, ACCOUNT, 'bob');
    const zed = contactKey(ORIGIN, ACCOUNT, 'zed');
    const unearned = { ...(store[bob] as object), trust: 'verified' };
    const { file, skipped } = buildRecordsFile({ ...store, [bob]: unearned, [zed]: { nope: 1 } }, T0);
    expect(Object.keys(file.records)).not.toContain(bob);
    expect(Object.keys(file.records)).not.toContain(zed);
    expect(skipped.map((s) => s.key).sort()).toEqual([bob, zed].sort());
  });

  it('writes JSON ending in a newline, one record a line, under a dated name', () => {
    const { file } = buildRecordsFile({ ...store, [SETTINGS_KEY]: { disabledSites: ['https://off.example'] } }, T0);
    const text = serializeRecordsFile(file);
    expect(text).toMatch(/^\{\n"format":"keywatch-records",\n[\s\S]*\}\n$/);
    expect(JSON.parse(text)).toEqual(file);
    const lines = new Set(text.split('\n').map((line) => line.replace(/,$/, '')));
    for (const [key, value] of Object.entries(file.records))
      expect(lines.has(`${JSON.stringify(key)}:${JSON.stringify(value)}`)).toBe(true);
    expect(recordsFileName(Date.UTC(2026, 10, 22, 23, 59))).toBe('keywatch-records-2026-11-22.json');
  });
});
