import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRequest, parseClientFrame, parseServerFrame, utf8Length, type ErrorCode } from './frames';

const CLIENT_FRAME_ERRORS: ErrorCode[] = [
  'binary-frame',
  'frame-too-large',
  'bad-json',
  'bad-frame',
  'unknown-op',
  'bad-args',
  'not-authenticated',
];

describe('parseClientFrame', () => {
  it('never throws, whatever the text: it returns a request or a typed error (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((value) => JSON.stringify({ ref: 1, op: 'register', args: value })),
        ),
        (text) => {
          const parsed = parseClientFrame(text);
          if (!parsed.ok) expect(CLIENT_FRAME_ERRORS).toContain(parsed.error.code);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads back what encodeRequest wrote', () => {
    const args = { user: 'alice', device: 'd1', token: 'A'.repeat(43) };
    expect(parseClientFrame(encodeRequest(5, 'hello', args))).toEqual({ ok: true, value: { ref: 5, op: 'hello', args } });
  });

  it('keeps the ref of a frame whose args are wrong, so the client can match the error', () => {
    const parsed = parseClientFrame(JSON.stringify({ ref: 42, op: 'leave', args: { conversation: '' } }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect([parsed.error.code, parsed.error.ref]).toEqual(['bad-args', 42]);
  });

  it('asks `admit` before reading args, so a refused op is refused as such', () => {
    const parsed = parseClientFrame(encodeRequest(1, 'leave', { conversation: 'c-1' }), () => 'say hello first');
    expect(parsed.ok ? null : [parsed.error.code, parsed.error.message]).toEqual(['not-authenticated', 'say hello first']);
  });
});

describe('parseServerFrame', () => {
  it('never throws, whatever the server sends (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((state) => JSON.stringify({ type: 'state', state })),
        ),
        (text) => {
          const parsed = parseServerFrame(text);
          if (!parsed.ok) expect(['bad-json', 'bad-frame', 'frame-too-large']).toContain(parsed.error.code);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('utf8Length', () => {
  it('equals the UTF-8 byte length, lone surrogates included (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(fc.constant('\ud800'), fc.constant('\udc00'), fc.string({ unit: 'grapheme', maxLength: 1 })) }),
        (text) => {
          expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
        },
      ),
      { numRuns: 500 },
    );
  });
});
