import { describe, expect, it } from 'vitest';
import { acceptedFromFrames, allowedSenders, classifySender, isBannerPush, isMessageType, isReadAgainPush, senderOrigin } from './messages';
import { STORE_LIMITS } from './core/trust/limits/store-limits';

const self = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };

describe('classifySender', () => {
  it('recognises our own extension pages by origin', () => {
    expect(classifySender({ id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' }, self)).toBe('extension-page');
    expect(classifySender({ id: 'ext-id', url: 'chrome-extension://ext-id/popup.html', tab: { id: 4 }, frameId: 0 }, self)).toBe(
      'extension-page',
    );
  });
  it('recognises a content script in a top frame', () => {
    expect(classifySender({ id: 'ext-id', url: 'http://localhost:8480/', tab: { id: 3 }, frameId: 0 }, self)).toBe('content-script');
  });
  it('recognises a content script in a child frame of the same origin as its tab, about:blank frames by their origin', () => {
    const tab = { id: 3, url: 'https://chat.example.org/#/room/!r:x' };
    expect(classifySender({ id: 'ext-id', url: 'https://chat.example.org/frame.html', tab, frameId: 2 }, self)).toBe(
      'frame-content-script',
    );
    expect(classifySender({ id: 'ext-id', url: 'about:blank', origin: 'https://chat.example.org', tab, frameId: 5 }, self)).toBe(
      'frame-content-script',
    );
  });
  it('refuses child frames of another origin, or whose origin is not known', () => {
    const tab = { id: 3, url: 'https://chat.example.org/' };
    expect(classifySender({ id: 'ext-id', url: 'https://evil.example/', tab, frameId: 2 }, self)).toBe('foreign');
    expect(classifySender({ id: 'ext-id', url: 'about:blank', origin: 'https://evil.example', tab, frameId: 2 }, self)).toBe('foreign');
    expect(classifySender({ id: 'ext-id', url: 'about:blank', tab, frameId: 2 }, self)).toBe('foreign');
    expect(classifySender({ id: 'ext-id', url: 'about:blank', origin: 'null', tab, frameId: 2 }, self)).toBe('foreign');
    expect(classifySender({ id: 'ext-id', url: 'https://chat.example.org/', tab: { id: 3 }, frameId: 2 }, self)).toBe('foreign');
  });
  it("refuses a sandboxed document (opaque origin 'null') at the messenger's address, in a child frame or as the top document", () => {
    const tab = { id: 3, url: 'https://chat.example.org/#/room/!r:x' };
    const upload = 'https://chat.example.org/files/upload.html';
    expect(classifySender({ id: 'ext-id', url: upload, origin: 'null', tab, frameId: 4 }, self)).toBe('foreign');
    expect(classifySender({ id: 'ext-id', url: upload, origin: 'null', tab: { id: 3, url: upload }, frameId: 0 }, self)).toBe('foreign');
  });
  it('judges by the address only when the browser gives no origin', () => {
    const tab = { id: 3, url: 'https://chat.example.org/' };
    expect(classifySender({ id: 'ext-id', url: 'https://chat.example.org/frame.html', tab, frameId: 2 }, self)).toBe(
      'frame-content-script',
    );
    expect(classifySender({ id: 'ext-id', url: 'about:blank', tab, frameId: 0 }, self)).toBe('foreign');
    expect(senderOrigin({ url: 'https://chat.example.org/files/a.html', origin: 'null' })).toBeNull();
    expect(senderOrigin({ url: 'about:blank', origin: 'https://chat.example.org' })).toBe('https://chat.example.org');
    expect(senderOrigin({ url: 'https://chat.example.org/files/a.html' })).toBe('https://chat.example.org');
  });
  it('refuses other extensions and look-alike origins', () => {
    expect(classifySender({ id: 'ext-id', url: 'http://localhost/', tab: { id: 3 }, frameId: 2 }, self)).toBe('foreign');
    expect(classifySender({ id: 'other', url: 'chrome-extension://ext-id/popup.html' }, self)).toBe('foreign');
    expect(classifySender({ id: 'ext-id', url: 'chrome-extension://ext-id.evil/' }, self)).toBe('foreign');
    expect(classifySender({ id: 'ext-id', url: 'http://chrome-extension://ext-id/', tab: { id: 1 }, frameId: 0 }, self)).toBe(
      'content-script',
    );
    expect(classifySender({ id: 'ext-id' }, self)).toBe('foreign');
  });
});

describe('message table', () => {
  it('knows its own types and nothing inherited', () => {
    expect(isMessageType('page/disclosure')).toBe(true);
    expect(isMessageType('toString')).toBe(false);
    expect(isMessageType('__proto__')).toBe(false);
    expect(isMessageType(42)).toBe(false);
  });
  it('lets content scripts send only reports', () => {
    for (const [type, sender] of Object.entries(allowedSenders)) {
      if (sender === 'content-script') expect(type.startsWith('page/')).toBe(true);
    }
  });
  it('lets child frames send only Matrix observations, never anything that changes trust', () => {
    expect([...acceptedFromFrames]).toEqual(['page/matrix-observed']);
    for (const type of acceptedFromFrames) expect(allowedSenders[type]).toBe('content-script');
  });

  it('takes a banner push with every open alert a conversation can have, and nothing past the store limit', () => {
    const push = (n: number) => ({
      type: 'banner/show',
      adapter: 'page-protocol',
      alerts: Array.from({ length: n }, (_, i) => ({ id: `a${i}`, summary: 'A ghost device', raised: 1 })),
    });
    // 101 ghost devices must not keep the banner off.
    expect(isBannerPush(push(101))).toBe(true);
    expect(isBannerPush(push(STORE_LIMITS.alerts))).toBe(true);
    expect(isBannerPush(push(STORE_LIMITS.alerts + 1))).toBe(false);
  });

  it('refuses a banner alert without the occurrence it shows', () => {
    const push = (alert: object) => ({ type: 'banner/show', adapter: 'page-protocol', alerts: [alert] });
    expect(isBannerPush(push({ id: 'a', summary: 'A ghost device', raised: 5 }))).toBe(true);
    expect(isBannerPush(push({ id: 'a', summary: 'A ghost device' }))).toBe(false);
    expect(isBannerPush(push({ id: 'a', summary: 'A ghost device', raised: 'soon' }))).toBe(false);
  });

  it('takes a banner push named for a document, and refuses a malformed name', () => {
    const push = { type: 'banner/show', adapter: 'matrix', alerts: [] };
    expect(isBannerPush({ ...push, document: '0123456789abcdef0123456789abcdef' })).toBe(true);
    expect(isBannerPush({ ...push, document: 7 })).toBe(false);
    expect(isBannerPush({ ...push, document: 'x'.repeat(65) })).toBe(false);
  });

  it('takes a read-again push only for a document id', () => {
    expect(isReadAgainPush({ type: 'page/read-again', document: '0123456789abcdef0123456789abcdef' })).toBe(true);
    expect(isReadAgainPush({ type: 'page/read-again' })).toBe(false);
    expect(isReadAgainPush({ type: 'page/read-again', document: 'not-an-id' })).toBe(false);
    expect(isReadAgainPush({ type: 'banner/show', document: '0123456789abcdef0123456789abcdef' })).toBe(false);
  });
});
