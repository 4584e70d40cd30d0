import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8 } from '../../../core/encoding';
import { CanonicalJsonError, canonicalJson, compareCodePoints, signedBytes } from './canonical-json';
import vectorFile from '../testing/fixtures/canonical-json-vectors.json';

// The examples published in the Matrix specification (appendices, "Canonical JSON").
const SPEC_EXAMPLES: Array<[input: string, canonical: string]> = [
  ['{}', '{}'],
  ['{\n    "one": 1,\n    "two": "Two"\n}', '{"one":1,"two":"Two"}'],
  ['{\n    "b": "2",\n    "a": "1"\n}', '{"a":"1","b":"2"}'],
  ['{"b":"2","a":"1"}', '{"a":"1","b":"2"}'],
  [
    `{
    "auth": {
        "success": true,
        "mxid": "@john.doe:example.com",
        "profile": {
            "display_name": "John Doe",
            "three_pids": [
                { "medium": "email", "address": "john.doe@example.org" },
                { "medium": "msisdn", "address": "123456789" }
            ]
        }
    }
}`,
    '{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":' +
      '[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}',
  ],
  ['{\n    "a": "日本語"\n}', '{"a":"日本語"}'],
  ['{\n    "本": 2,\n    "日": 1\n}', '{"日":1,"本":2}'],
  ['{\n    "a": "\\u65E5"\n}', '{"a":"日"}'],
  ['{\n    "a": null\n}', '{"a":null}'],
  ['{\n    "a": -0,\n    "b": 1e10\n}', '{"a":0,"b":10000000000}'],
];

describe('canonicalJson: the specification examples', () => {
  it.each(SPEC_EXAMPLES)('%s', (input, canonical) => {
    expect(canonicalJson(JSON.parse(input))).toBe(canonical);
  });

  it('encodes as UTF-8', () => {
    expect(Array.from(utf8(canonicalJson({ a: '日' })))).toEqual([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe6, 0x97, 0xa5, 0x22, 0x7d]);
  });
});

describe('canonicalJson: vectors from the specification reference code (Python json.dumps)', () => {
  const vectors = vectorFile.vectors;
  it('has vectors to check', () => {
    expect(vectors.length).toBe(150);
  });
  it('matches every vector byte for byte', () => {
    for (const { input, canonical } of vectors) expect(canonicalJson(JSON.parse(input))).toBe(canonical);
  });
});

describe('canonicalJson: escapes and ordering', () => {
  it('escapes exactly what the grammar escapes', () => {
    const text = '"\\\b\f\n\r\t\u0000\u001f\u007f/\u2028é';
    expect(canonicalJson(text)).toBe('"\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\u007f/\u2028é"');
  });

  it('sorts keys by code point, not by UTF-16 code unit', () => {
    // U+FF21 is below U+1F600 as a code point but above its surrogate pair (D83D DE00).
    const value = { '\u{1F600}': 1, '\uFF21': 2, z: 3, '': 4 };
    expect(canonicalJson(value)).toBe('{"":4,"z":3,"\uFF21":2,"\u{1F600}":1}');
  });

  it('orders keys like their UTF-8 bytes', () => {
    const codePointString = fc.string({ unit: 'grapheme', maxLength: 6 });
    fc.assert(
      fc.property(codePointString, codePointString, (a, b) => {
        const bytes = (s: string) => Array.from(new TextEncoder().encode(s));
        const x = bytes(a),
          y = bytes(b);
        let byteOrder = 0;
        for (let i = 0; i < Math.min(x.length, y.length) && byteOrder === 0; i++) byteOrder = x[i]! - y[i]!;
        if (byteOrder === 0) byteOrder = x.length - y.length;
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byteOrder));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts the integer limits and nothing beyond them', () => {
    const limit = 2 ** 53 - 1;
    expect(canonicalJson([limit, -limit, 0])).toBe(`[${limit},${-limit},0]`);
    expect(() => canonicalJson(limit + 1)).toThrow(/outside/);
    expect(() => canonicalJson(-limit - 1)).toThrow(/outside/);
  });
});

describe('canonicalJson: refusals', () => {
  const refusals: Array<[string, unknown, RegExp]> = [
    ['a float', { a: 1.5 }, /floats are not allowed/],
    ['a tiny float', [1e-7], /floats are not allowed/],
    ['NaN', [Number.NaN], /not a JSON number/],
    ['Infinity', { a: Infinity }, /not a JSON number/],
    ['undefined', { a: undefined }, /not a JSON value: undefined/],
    ['a bigint', [1n], /not a JSON value: bigint/],
    ['a function', [() => 1], /not a JSON value: function/],
    ['a Date', [new Date(0)], /class Date/],
    ['a Map', { m: new Map() }, /class Map/],
    ['a typed array', [new Uint8Array(2)], /class Uint8Array/],
    ['a lone high surrogate', ['\uD800x'], /lone surrogate/],
    ['a lone low surrogate key', { '\uDC00': 1 }, /lone surrogate/],
    ['an array hole', [1, , 3], /hole at index 1/], // eslint-disable-line no-sparse-arrays
  ];
  it.each(refusals)('refuses %s', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('refuses cycles and excessive depth', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
    let deep: unknown = 1;
    for (let i = 0; i < 65; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/nested too deeply/);
    expect(() => canonicalJson(deep, { maxDepth: 65, maxLength: 1000 })).not.toThrow();
  });

  it('refuses output beyond the length limit before doing the work', () => {
    const limits = { maxDepth: 8, maxLength: 100 };
    expect(() => canonicalJson('x'.repeat(99), limits)).toThrow(/limit/);
    expect(canonicalJson('x'.repeat(98), limits)).toHaveLength(100);
    const wide = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 0]));
    expect(() => canonicalJson(wide, limits)).toThrow(/too large/);
  });

  it('reuses a shared (non-cyclic) value without calling it a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared, shared] })).toBe('{"a":{"x":1},"b":[{"x":1},{"x":1}]}');
  });
});

describe('signedBytes', () => {
  it('drops the top-level signatures and unsigned members only', () => {
    const object = JSON.parse('{"unsigned":{"age":1},"b":{"signatures":1,"unsigned":2},"signatures":{"@a:x":{}},"__proto__":{"z":0}}');
    expect(new TextDecoder().decode(signedBytes(object))).toBe('{"__proto__":{"z":0},"b":{"signatures":1,"unsigned":2}}');
    expect(object.signatures).toEqual({ '@a:x': {} });
  });

  it('refuses anything but an object', () => {
    expect(() => signedBytes([1])).toThrow(CanonicalJsonError);
    expect(() => signedBytes('x')).toThrow(CanonicalJsonError);
  });
});

describe('canonicalJson: properties', () => {
  const jsonValue = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
  const integerJson = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.maxSafeInteger(),
      fc.string({ unit: 'grapheme' }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string({ unit: 'grapheme' }), tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  it('round-trips through JSON.parse, without whitespace, idempotently', () => {
    fc.assert(
      fc.property(integerJson, (value) => {
        const text = canonicalJson(value);
        const reparsed: unknown = JSON.parse(text);
        expect(reparsed).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(reparsed)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('either encodes or throws CanonicalJsonError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(jsonValue, fc.anything({ withBigInt: true, withDate: true, withMap: true, withNullPrototype: true })),
        (value) => {
          try {
            expect(typeof canonicalJson(value)).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(CanonicalJsonError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('does not depend on key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.maxSafeInteger(), { maxKeys: 8 }), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
      }),
      { numRuns: 500 },
    );
  });
});
