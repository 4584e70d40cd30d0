// Courier's disclosures, honest and under every attack, against the published
// JSON Schema and against KeyWatch's own reader: both must accept them, and
// KeyWatch's verdicts must show what each attack did.

import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDisclosure } from '../../src/adapters/page-protocol/parse';
import { toSnapshot } from '../../src/adapters/page-protocol/to-snapshot';
import type { PageDisclosureV1 } from '../../src/adapters/page-protocol/protocol';
import { disclosureText } from '../client/core/disclosure';
import { applyAttack, createPuppet, createUser, startCourier, undoAllAttacks, type CourierServer, type CourierSession } from '../testing';

const schema = JSON.parse(readFileSync(new URL('../../docs/page-protocol.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true }).compile(schema);

function schemaErrors(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message}`);
}

function vouches(disclosure: PageDisclosureV1, user: string) {
  const parsed = parseDisclosure(disclosureText(disclosure));
  if (!parsed.ok) throw new Error(`KeyWatch refused Courier's disclosure: ${parsed.reason}`);
  return toSnapshot(parsed.disclosure, 'http://127.0.0.1')
    .participants.find((p) => p.id === user)!
    .devices.map((d) => d.vouch);
}

let courier: CourierServer;
let alice: CourierSession;
let bob: CourierSession;
let chat: string;

beforeAll(async () => {
  courier = await startCourier({ port: 0 });
  alice = await createUser(courier.url, 'alice', 'Alice');
  bob = await createUser(courier.url, 'bob', 'Bob');
  chat = await alice.createGroup('Conformance', ['bob']);
  await createPuppet(courier.url, 'ops');
});

afterAll(async () => {
  alice.close();
  bob.close();
  await courier.close();
});

describe('Courier discloses conforming documents', () => {
  it('honest: schema-valid, accepted by KeyWatch, every device signed', async () => {
    await undoAllAttacks(courier.url);
    await alice.until((s) => s.state.conversations.length === 1);
    expect(schemaErrors(alice.disclosure(chat))).toEqual([]);
    expect(schemaErrors(alice.disclosure(null))).toEqual([]);
    expect(vouches(alice.disclosure(chat), 'bob')).toEqual(['signed']);
  });

  it.each([
    ['an unsigned ghost device', { kind: 'ghost-device', user: 'bob', signedBy: 'none' }, ['signed', 'unsigned']],
    ['a ghost device signed by the server', { kind: 'ghost-device', user: 'bob', signedBy: 'server' }, ['signed', 'bad-signature']],
    // A swap is self-consistent: only remembering the old key (KeyWatch's trust store) catches it.
    ['a swapped identity', { kind: 'swap-identity', user: 'bob' }, ['signed']],
  ] as const)('with %s: schema-valid, and KeyWatch sees %j', async (_name, attack, expected) => {
    await undoAllAttacks(courier.url);
    const before = JSON.stringify(alice.disclosure(chat));
    await applyAttack(courier.url, attack);
    await alice.until((s) => JSON.stringify(s.disclosure(chat)) !== before, 2_000);
    const disclosure = alice.disclosure(chat);
    expect(schemaErrors(disclosure)).toEqual([]);
    expect(vouches(disclosure, 'bob')).toEqual(expected);
  });

  it('with a hidden participant: schema-valid, and KeyWatch reads them as not shown but encrypted to', async () => {
    await undoAllAttacks(courier.url);
    await applyAttack(courier.url, { kind: 'add-hidden-participant', conversation: chat, user: 'ops' });
    await alice.until((s) => s.disclosure(chat).participants.length === 3, 2_000);
    const disclosure = alice.disclosure(chat);
    expect(schemaErrors(disclosure)).toEqual([]);
    const parsed = parseDisclosure(disclosureText(disclosure));
    expect(parsed.ok).toBe(true);
    const ops = parsed.ok ? toSnapshot(parsed.disclosure, 'http://127.0.0.1').participants.find((p) => p.id === 'ops') : undefined;
    expect(ops).toMatchObject({ shown: false, devices: [{ vouch: 'signed', encryptedTo: true }] });
  });
});

describe('the schema refuses what the protocol forbids', () => {
  const good = (): PageDisclosureV1 => JSON.parse(JSON.stringify(alice.disclosure(chat))) as PageDisclosureV1;
  const cases: [string, (d: PageDisclosureV1) => void][] = [
    ['another version', (d) => ((d as { version: number }).version = 2)],
    ['a control character in an id', (d) => (d.participants[0]!.id = 'bo\u0007b')],
    ['an empty id', (d) => (d.participants[0]!.devices[0]!.id = '')],
    ['a 31-byte identity key', (d) => (d.participants[0]!.identityKey.key = 'A'.repeat(40) + 'AA==')],
    ['unpadded base64', (d) => (d.participants[0]!.identityKey.key = d.participants[0]!.identityKey.key.replace('=', ''))],
    ['base64url', (d) => (d.participants[0]!.devices[0]!.signature = '-'.repeat(86) + '==')],
    ['non-zero trailing bits', (d) => (d.participants[0]!.identityKey.key = 'A'.repeat(42) + 'B=')],
    ['a 33-byte curve25519 key without the 0x05 type byte', (d) => (d.participants[0]!.devices[0]!.key.key = 'A'.repeat(44))],
    ['an unknown algorithm', (d) => ((d.participants[0]!.identityKey as { algorithm: string }).algorithm = 'p256')],
    [
      'a missing signature field',
      (d) => delete (d.participants[0]!.devices[0] as Partial<PageDisclosureV1['participants'][0]['devices'][0]>).signature,
    ],
    ['a string boolean', (d) => ((d.participants[0] as { shown: unknown }).shown = 'true')],
    ['an unknown conversation kind', (d) => ((d.conversation as { kind: string }).kind = 'channel')],
    ['65 devices', (d) => (d.participants[0]!.devices = Array.from({ length: 65 }, () => d.participants[0]!.devices[0]!))],
    ['no participants', (d) => (d.participants = [])],
  ];
  it.each(cases)('refuses %s', (_name, spoil) => {
    const document = good();
    expect(schemaErrors(document)).toEqual([]);
    spoil(document);
    expect(schemaErrors(document)).not.toEqual([]);
  });

  it('accepts a 33-byte 0x05-prefixed curve25519 key and unknown extra fields (forward compatible)', () => {
    const document = good() as PageDisclosureV1 & { extra?: unknown };
    document.participants[0]!.devices[0]!.key.key = `BQ${'A'.repeat(42)}`;
    document.extra = { anything: true };
    expect(schemaErrors(document)).toEqual([]);
  });
});
