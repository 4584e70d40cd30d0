import { describe, expect, it } from 'vitest';
import { changesAView } from './view-keys';

describe('which storage changes a view follows', () => {
  it('follows any record of the trust store or of a tab', () => {
    for (const keys of [['v1/contact/o|a|b'], ['tab/3'], ['v5/summary', 'store/stamp'], ['store/problem'], ['matrix/o/meta']])
      expect(changesAView(keys), keys.join()).toBe(true);
  });

  it('ignores the carried copy, the stamp alone, figures and remembered checks', () => {
    for (const keys of [['store/carried-copy'], ['store/stamp'], ['metrics/ingest', 'metrics/checks'], ['verdicts/12'], []])
      expect(changesAView(keys), keys.join()).toBe(false);
  });
});
