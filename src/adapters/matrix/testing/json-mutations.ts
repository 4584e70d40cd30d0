// fast-check arbitraries that damage JSON documents the way a hostile or broken
// server could: remove, retype, rename, duplicate and inflate members, and
// misspell base64. Shared by the fuzz tests of the Matrix parsers.

import fc from 'fast-check';

export type Path = Array<string | number>;
type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** Every path in a JSON tree (the root excluded), depth first. */
export function allPaths(root: unknown, limit = 2000): Path[] {
  const out: Path[] = [];
  const walk = (value: unknown, path: Path) => {
    if (!isContainer(value) || out.length >= limit) return;
    for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
      const child = [...path, key];
      out.push(child);
      walk((value as Record<string | number, unknown>)[key], child);
    }
  };
  walk(root, []);
  return out;
}

/** Values that are wrong in type, size or form for almost any member. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -0, '', '=', [], {}, [[[]]], { '': null }),
  fc.constantFrom('__proto__', 'constructor', 'ed25519:', '@:', '\u0000', '\uD800', 'A'.repeat(43), 'A'.repeat(86)),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 200, max: 6000 }).map((n) => 'x'.repeat(n)),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 20, max: 80 }).map((depth) => {
    let v: unknown = 0;
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  }),
);

/** Ways to misspell a base64 string while keeping it plausible. */
const base64Misspellings: Array<(text: string) => string> = [
  (t) => `${t}=`,
  (t) => `${t}==`,
  (t) => t.slice(0, -1),
  (t) => `${t}A`,
  (t) => t.replace(/.$/, (c) => (c === 'B' ? 'C' : 'B')), // often non-zero trailing bits
  (t) => t.replace(/[A-Za-z]/, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())),
  (t) => t.replace(/\+|\//, '-'),
  (t) => ` ${t}`,
  (t) => t + t,
  (t) => t.normalize('NFKD').replace(/A/g, 'Ａ'),
];

type Mutation = (root: unknown, paths: Path[]) => void;

function parentOf(root: unknown, path: Path): { parent: Container; key: string | number } | null {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (!isContainer(node)) return null;
    node = (node as Record<string | number, unknown>)[key];
  }
  const key = path.at(-1);
  return isContainer(node) && key !== undefined ? { parent: node, key } : null;
}

const setMember = (parent: Container, key: string | number, value: unknown) =>
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });

/** One damaging edit at a chosen path. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ pick: fc.nat(), junk: junkValue }).map(({ pick, junk }): Mutation => (root, paths) => {
    const at = paths.length ? parentOf(root, paths[pick % paths.length]!) : null;
    if (at) setMember(at.parent, at.key, structuredClone(junk));
  }),
  fc.nat().map((pick): Mutation => (root, paths) => {
    const at = paths.length ? parentOf(root, paths[pick % paths.length]!) : null;
    if (at && !Array.isArray(at.parent)) delete at.parent[at.key as string];
    else if (at && Array.isArray(at.parent)) at.parent.splice(Number(at.key), 1);
  }),
  fc
    .record({
      pick: fc.nat(),
      name: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'signatures', 'unsigned')),
    })
    .map(({ pick, name }): Mutation => (root, paths) => {
      const at = paths.length ? parentOf(root, paths[pick % paths.length]!) : null;
      if (!at || Array.isArray(at.parent)) return;
      const value = at.parent[at.key as string];
      delete at.parent[at.key as string];
      setMember(at.parent, name, value);
    }),
  fc.record({ pick: fc.nat(), how: fc.nat({ max: base64Misspellings.length - 1 }) }).map(({ pick, how }): Mutation => (root, paths) => {
    const strings = paths.filter((p) => {
      const at = parentOf(root, p);
      return at !== null && typeof (at.parent as Record<string | number, unknown>)[at.key] === 'string';
    });
    const at = strings.length ? parentOf(root, strings[pick % strings.length]!) : null;
    if (at) setMember(at.parent, at.key, base64Misspellings[how]!((at.parent as Record<string | number, string>)[at.key]!));
  }),
  fc.record({ from: fc.nat(), to: fc.nat() }).map(({ from, to }): Mutation => (root, paths) => {
    // Copies one subtree over another: keys and signatures end up where they do not belong.
    if (!paths.length) return;
    const source = parentOf(root, paths[from % paths.length]!);
    const target = parentOf(root, paths[to % paths.length]!);
    if (source && target) {
      setMember(target.parent, target.key, structuredClone((source.parent as Record<string | number, unknown>)[source.key]));
    }
  }),
);

/** A deep copy of `base` with one to four damaging edits. */
export function mutatedDocument(base: unknown): fc.Arbitrary<unknown> {
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((edits) => {
    const document = structuredClone(base);
    for (const edit of edits) edit(document, allPaths(document));
    return document;
  });
}
