// Hostile variations of an honest disclosure, for the fuzz test: a few changes to
// the JSON tree (wrong types, missing or extra fields, huge arrays, long strings,
// bad base64, duplicate ids, "__proto__" keys), then maybe a change to the text
// itself (truncation, stray characters, oversize padding, deep nesting).
// Test-only: nothing in the extension imports this file.

import fc from 'fast-check';
import { toBase64 } from '../../../core/encoding';
import { PAGE_PROTOCOL_LIMITS } from '../protocol';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

// ---- Values a hostile page might put anywhere ----

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];
const CONTROLS = ['\u0000', '\u0009', '\u000a', '\u001f', '\u007f'];

const nastyChar = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.constantFrom(...LONE_SURROGATES, ...CONTROLS, '"', '\\', '=', '+', '/', '-', '_', ' ', '🔑'),
);
const nastyString = fc.string({ unit: nastyChar, maxLength: 40 });
/** Lengths around every limit, and far beyond them. */
const edgeLength = fc.constantFrom(0, 1, 63, 64, 65, 127, 128, 129, 255, 256, 257, 1_000, 100_000);
const longString = fc.tuple(edgeLength, fc.constantFrom('x', '🔑', 'A', '\u0001')).map(([n, c]) => c.repeat(n));
const protoObject = fc
  .constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"__proto__":null,"id":"x"}')
  .map((text) => JSON.parse(text) as Json);

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1, 2, 1.5, 1e308, '', '__proto__', 'constructor', [], {}),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  nastyString,
  longString,
  protoObject,
  fc.array(fc.oneof(fc.integer(), nastyString, fc.constant(null)), { maxLength: 8 }),
  fc.dictionary(fc.constantFrom('id', 'key', 'algorithm', '__proto__', 'x'), fc.oneof(fc.integer(), nastyString), { maxKeys: 3 }),
);

// ---- Changes to the JSON tree ----

const pick = fc.nat();
/** Array sizes around the device and participant limits; the big ones are rare because each costs milliseconds. */
const growSize = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(2, 63, 64, 65, 100) },
  { weight: 1, arbitrary: fc.constantFrom(4_999, 5_000, 5_001, 12_000) },
);

const often = <T>(arbitrary: fc.Arbitrary<T>) => ({ weight: 3, arbitrary });
const treeMutation = fc.oneof(
  often(fc.record({ kind: fc.constant('set' as const), pick, value: hostileValue })),
  often(fc.record({ kind: fc.constant('delete' as const), pick })),
  often(
    fc.record({
      kind: fc.constant('extra-key' as const),
      pick,
      key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'extra'),
      value: hostileValue,
    }),
  ),
  often(fc.record({ kind: fc.constant('duplicate' as const), pick })),
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('grow' as const), pick, size: growSize, uniqueIds: fc.boolean() }) },
  often(fc.record({ kind: fc.constant('long-string' as const), pick, value: longString })),
  often(
    fc.record({
      kind: fc.constant('base64' as const),
      pick,
      bytes: fc.uint8Array({ maxLength: 100 }),
      spelling: fc.constantFrom('canonical', 'canonical', 'unpadded', 'url-safe', 'changed-char', 'trailing-bits', 'space'),
    }),
  ),
  often(fc.record({ kind: fc.constant('swap' as const), pick, other: pick })),
);

export type TreeMutation = typeof treeMutation extends fc.Arbitrary<infer T> ? T : never;

function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    // Only the first few items of a big array: enough to reach every shape.
    value.slice(0, 4).forEach((item, i) => pathsOf(item, [...prefix, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) pathsOf(value[key]!, [...prefix, key], out);
  }
  return out;
}

function getAt(root: Json, path: Path): Json {
  let node: Json = root;
  for (const key of path) node = (node as Record<string, Json>)[key]!;
  return node;
}

/** Sets an own property even for "__proto__", as JSON.parse would. */
function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1)) as Record<string, Json>;
  Object.defineProperty(parent, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

/** A fresh copy for each use; JSON keeps "__proto__" as an own key, structuredClone may not. */
const fresh = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

function choose<T>(items: T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isBase64Field = (path: Path) => path.at(-1) === 'signature' || (path.at(-1) === 'key' && path.length >= 2);

function spell(bytes: Uint8Array, spelling: string): string {
  const canonical = toBase64(bytes);
  switch (spelling) {
    case 'unpadded':
      return canonical.replace(/=+$/, '') || 'A';
    case 'url-safe':
      return canonical.replace(/\+/g, '-').replace(/\//g, '_') + '-_';
    case 'changed-char':
      return canonical.length ? '*' + canonical.slice(1) : '*';
    case 'trailing-bits':
      return bytes.length % 3 === 0 ? canonical + 'AB==' : canonical.replace(/(.)(=+)$/, 'B$2');
    case 'space':
      return ` ${canonical}`;
    default:
      return canonical;
  }
}

/** Room for texts just past the limit, without nested growth running out of memory. */
const MAX_GROWN_TEXT = PAGE_PROTOCOL_LIMITS.maxTextLength + 65_536;

function grow(array: Json[], size: number, uniqueIds: boolean): Json[] {
  let template = array[0] ?? {};
  // Devices make participants too big for 5,000 to fit the text limit: drop them then.
  if (size > 1_000 && isObject(template) && 'devices' in template) template = { ...template, devices: [] };
  const json = JSON.stringify(template);
  const count = Math.min(size, Math.ceil(MAX_GROWN_TEXT / (json.length + 1)));
  // Separate copies, so a later change to one does not repeat in all of them.
  return Array.from({ length: count }, (_, i) => {
    const copy = JSON.parse(json) as Json;
    if (uniqueIds && isObject(copy) && typeof copy.id === 'string') copy.id = `${copy.id}#${i}`;
    return copy;
  });
}

export function applyTreeMutation(root: Json, m: TreeMutation): Json {
  const paths = pathsOf(root);
  const nonRoot = paths.filter((p) => p.length > 0);
  switch (m.kind) {
    case 'set': {
      const path = choose(paths, m.pick)!;
      return setAt(root, path, fresh(m.value));
    }
    case 'delete': {
      const path = choose(
        nonRoot.filter((p) => isObject(getAt(root, p.slice(0, -1)))),
        m.pick,
      );
      if (path) delete (getAt(root, path.slice(0, -1)) as Record<string, Json>)[path.at(-1)!];
      return root;
    }
    case 'extra-key': {
      const path = choose(
        paths.filter((p) => isObject(getAt(root, p))),
        m.pick,
      );
      return path ? setAt(root, [...path, m.key], fresh(m.value)) : root;
    }
    case 'duplicate': {
      const array = choose(paths.map((p) => getAt(root, p)).filter(Array.isArray), m.pick);
      if (array && array.length > 0) array.push(fresh(array[m.pick % array.length]!));
      return root;
    }
    case 'grow': {
      const path = choose(
        paths.filter((p) => Array.isArray(getAt(root, p))),
        m.pick,
      );
      return path ? setAt(root, path, grow(getAt(root, path) as Json[], m.size, m.uniqueIds)) : root;
    }
    case 'long-string': {
      const path = choose(
        nonRoot.filter((p) => typeof getAt(root, p) === 'string'),
        m.pick,
      );
      return path ? setAt(root, path, m.value) : root;
    }
    case 'base64': {
      const path = choose(nonRoot.filter(isBase64Field), m.pick);
      return path ? setAt(root, path, spell(m.bytes, m.spelling)) : root;
    }
    case 'swap': {
      // Moves a real key or signature to another place: valid spelling, wrong owner.
      const fields = nonRoot.filter((p) => isBase64Field(p) && typeof getAt(root, p) === 'string');
      const from = choose(fields, m.pick),
        to = choose(fields, m.other);
      return from && to ? setAt(root, to, getAt(root, from)) : root;
    }
  }
}

// ---- Changes to the text ----

const textMutation = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  fc.record({ kind: fc.constant('truncate' as const), at: pick }),
  fc.record({ kind: fc.constant('insert' as const), at: pick, text: fc.string({ unit: nastyChar, minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('pad' as const), over: fc.constantFrom(-1, 0, 1, 4_096) }),
  fc.record({
    kind: fc.constant('deep' as const),
    depth: fc.oneof({ weight: 9, arbitrary: fc.nat(50) }, { weight: 1, arbitrary: fc.constantFrom(1_000, 20_000) }),
    where: fc.constantFrom('"conversation":', '"participants":', '"name":', '{'),
  }),
);

export type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never;

export function applyTextMutation(text: string, m: TextMutation): string {
  switch (m.kind) {
    case 'none':
      return text;
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'pad': {
      // White space after the JSON: valid up to the limit, refused one unit beyond.
      const target = PAGE_PROTOCOL_LIMITS.maxTextLength + m.over;
      return text + ' '.repeat(Math.max(0, target - text.length));
    }
    case 'deep': {
      const nested = '['.repeat(m.depth) + ']'.repeat(m.depth);
      // Either a nested value in place of a field, or an extra field holding it.
      return m.where === '{' ? `{"deep":${nested},${text.slice(1)}` : text.replace(m.where, `${m.where}${nested},"was":`);
    }
  }
}

/** A hostile disclosure text: 1–3 tree changes of the honest disclosure, then maybe a text change. */
export function hostileText(honest: object): fc.Arbitrary<{ text: string; plan: [TreeMutation[], TextMutation] }> {
  return fc.tuple(fc.array(treeMutation, { minLength: 1, maxLength: 3 }), textMutation).map(([tree, textChange]) => {
    let root = structuredClone(honest) as Json;
    for (const m of tree) root = applyTreeMutation(root, m);
    return { text: applyTextMutation(JSON.stringify(root) ?? 'undefined', textChange), plan: [tree, textChange] };
  });
}
