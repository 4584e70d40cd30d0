import { describe, expect, it } from 'vitest';
import { readTarget, verifyPath } from './target';

describe('verify target', () => {
  it('round-trips a contact and the group, whatever the id holds', () => {
    for (const target of [
      { tabId: 12, kind: 'contact' as const, contactId: 'bob' },
      { tabId: 0, kind: 'contact' as const, contactId: '@bob:matrix.example&group=1#x' },
      { tabId: 7, kind: 'group' as const },
    ])
      expect(readTarget(verifyPath(target).slice('verify.html'.length))).toEqual(target);
  });

  it('refuses a missing or malformed tab and a missing subject', () => {
    for (const search of [
      '',
      '?contact=bob',
      '?tab=-1&contact=bob',
      '?tab=1.5&contact=bob',
      '?tab=12345678901&contact=bob',
      '?tab=3',
      '?tab=3&contact=',
    ]) {
      expect(readTarget(search)).toBeNull();
    }
  });
});
