import { describe, expect, it } from 'vitest';
import { KEYS_REQUEST_EVENT, KEYS_REQUEST_RESULT_EVENT } from '../shared/observed-paths';
import { isKeysRequest, requestKeysFromPage } from './keys-request';

describe('asking the page’s client for keys', () => {
  it('accepts only a request naming user ids, from the background', () => {
    expect(isKeysRequest({ type: 'matrix/request-keys', userIds: ['@a:x', '@b:y'] })).toBe(true);
    expect(isKeysRequest({ type: 'matrix/request-keys', userIds: ['a'] })).toBe(false);
    expect(isKeysRequest({ type: 'matrix/request-keys', userIds: Array.from({ length: 1001 }, (_, i) => `@u${i}:x`) })).toBe(false);
    expect(isKeysRequest({ type: 'banner/show', userIds: [] })).toBe(false);
  });

  it('hands the users to the page script and reads its answer, given at once', () => {
    const page = new EventTarget();
    let asked: unknown = null;
    page.addEventListener(KEYS_REQUEST_EVENT, (event) => {
      asked = JSON.parse((event as CustomEvent<string>).detail);
      page.dispatchEvent(new CustomEvent(KEYS_REQUEST_RESULT_EVENT, { detail: 'requested' }));
    });
    expect(requestKeysFromPage(['@a:x'], page)).toBe('requested');
    expect(asked).toEqual(['@a:x']);
    expect(requestKeysFromPage(['@a:x'], new EventTarget())).toBe('unavailable');
  });
});
