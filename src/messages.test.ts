import { describe, expect, it } from 'vitest';
import { allowedSenders, classifySender, isMessageType } from './messages';

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
  it('refuses sub-frames, other extensions and look-alike origins', () => {
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
});
