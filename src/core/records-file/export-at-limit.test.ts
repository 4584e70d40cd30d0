// A store filled up to the limits of the store exports as a file that the
// import takes again: the total bound sits well inside the import's size limit.
import { describe, expect, it } from 'vitest';
import { STORE_LIMITS, USAGE_TOTAL_KEY } from '../trust';
import { storeAtLimit } from '../trust/testing/store-at-limit';
import { T0 } from '../trust/testing/test-support';
import { buildRecordsFile, serializeRecordsFile } from './export';
import { RECORDS_FILE_LIMITS } from './format';
import { parseRecordsFile } from './parse';

describe('the export of a store at its limits', () => {
  it('fits the import limit, and imports', () => {
    const { store, taken, refusedBy } = storeAtLimit();
    const total = (store[USAGE_TOTAL_KEY] as { chars: number }).chars;
    // Filled until the total refused: within one group of it.
    expect(refusedBy.at(-1)).toBe('totalChars');
    expect(total).toBeGreaterThan(STORE_LIMITS.totalChars - 3 * 1024 * 1024);
    const { file, skipped } = buildRecordsFile(store, T0 + 10 ** 9);
    expect(skipped).toEqual([]);
    const text = serializeRecordsFile(file);
    console.log(
      `store at the limit: ${taken} groups of 1,000 taken, refused by ${refusedBy.join(', ')}; ${Object.keys(store).length} records, ` +
        `${total} characters counted; export ${text.length} characters (import limit ${RECORDS_FILE_LIMITS.chars})`,
    );
    // The file is what the store counts, plus its first and last lines.
    expect(text.length).toBeLessThanOrEqual(total + 300);
    expect(text.length).toBeLessThan(RECORDS_FILE_LIMITS.chars);
    const parsed = parseRecordsFile(text, T0 + 10 ** 9);
    expect(parsed.ok).toBe(true);
  }, 300_000);
});
