// The validator and the hand-written wire types must describe the same document.
// The type assertions fail at `tsc` when they drift; the runtime ones check the
// values the types cannot see.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as v from 'valibot';
import { parseDisclosure, type ValidDisclosure } from './parse';
import { KEY_BYTE_LENGTHS, type DisclosedConversationKind, type DisclosedKeyAlgorithm, type PageDisclosureV1 } from './protocol';
import type { disclosureSchema, SchemaOutput } from './schema';
import { honestDisclosure } from './testing/test-fixture';

describe('schema and protocol.ts agree', () => {
  it('types: what the schema lets through is a PageDisclosureV1, and every PageDisclosureV1 fits the schema', () => {
    expectTypeOf<SchemaOutput>().toExtend<PageDisclosureV1>();
    expectTypeOf<ValidDisclosure>().toExtend<PageDisclosureV1>();
    expectTypeOf<PageDisclosureV1>().toExtend<SchemaOutput>();
    expectTypeOf<PageDisclosureV1>().toExtend<v.InferInput<typeof disclosureSchema>>();
    expectTypeOf<ValidDisclosure['conversation']>().not.toBeNull();
  });

  it('values: every key algorithm and conversation kind of protocol.ts is accepted', () => {
    const algorithms = Object.keys(KEY_BYTE_LENGTHS) as DisclosedKeyAlgorithm[];
    const kinds: DisclosedConversationKind[] = ['direct', 'group'];
    expect(algorithms.sort()).toEqual(['curve25519', 'ed25519']);
    for (const algorithm of algorithms) {
      for (const kind of kinds) {
        const disclosure: PageDisclosureV1 = honestDisclosure();
        disclosure.participants[1]!.identityKey.algorithm = algorithm;
        disclosure.conversation = { id: 'c', title: '', kind };
        expect(parseDisclosure(JSON.stringify(disclosure)).ok).toBe(true);
      }
    }
  });
});
