import { describe, expect, it } from 'vitest';
import { NO_CONVERSATION, parseDisclosure, type ParseResult } from './parse';
import { PAGE_PROTOCOL_LIMITS as LIMITS } from './protocol';
import { MAX_KEY_TEXT_LENGTH } from './schema';
import { honestDisclosure } from './testing/test-fixture';

const HONEST = honestDisclosure();

/** Writable view of a disclosure for tests that break it on purpose. */
type Loose = Record<string, any>;

function changed(change: (d: Loose) => void): string {
  const copy = structuredClone(HONEST) as Loose;
  change(copy);
  return JSON.stringify(copy);
}

function reasonOf(result: ParseResult): string {
  if (result.ok) throw new Error('expected a refusal, got a disclosure');
  return result.reason;
}

const refusal = (text: unknown) => reasonOf(parseDisclosure(text));
const accepted = (text: string) => parseDisclosure(text).ok;

/** Small participants (no devices, no name): 5,000 full ones would not fit in the text limit. */
function manyParticipants(n: number): Loose[] {
  const template = { ...HONEST.participants[1]!, name: '', devices: [] };
  return Array.from({ length: n }, (_, i) => ({ ...template, id: `p${i}` }));
}

describe('parseDisclosure: an honest disclosure', () => {
  it('is accepted and comes back equal to what the page wrote', () => {
    const result = parseDisclosure(JSON.stringify(HONEST));
    expect(result).toEqual({ ok: true, disclosure: HONEST });
  });

  it('drops unknown fields, so only the known shape leaves the parser', () => {
    const text = changed((d) => {
      d.extra = { nested: [1, 2] };
      d.participants[0].mood = 'happy';
      d.participants[0].devices[0].label = 'old laptop';
    });
    const result = parseDisclosure(text);
    expect(result).toEqual({ ok: true, disclosure: HONEST });
  });

  it('accepts a key spelled correctly whatever its length: the background judges the bytes', () => {
    expect(accepted(changed((d) => (d.participants[1].identityKey.key = 'AAAA')))).toBe(true);
    expect(accepted(changed((d) => (d.participants[1].identityKey.key = '')))).toBe(true);
    expect(accepted(changed((d) => (d.participants[1].devices[0].signature = null)))).toBe(true);
  });
});

describe("parseDisclosure: accountDevice, which of the account holder's devices this browser is", () => {
  it('is optional: absent, null or a device id', () => {
    expect(parseDisclosure(JSON.stringify(HONEST))).toMatchObject({ ok: true });
    const named = parseDisclosure(changed((d) => (d.accountDevice = d.participants[0].devices[0].id)));
    expect(named.ok && named.disclosure.accountDevice).toBe(HONEST.participants[0]!.devices[0]!.id);
    const unknown = parseDisclosure(changed((d) => (d.accountDevice = null)));
    expect(unknown.ok && unknown.disclosure.accountDevice).toBeNull();
  });

  it('is held to the rules of a device id', () => {
    expect(refusal(changed((d) => (d.accountDevice = 7)))).toBe('accountDevice: expected a string');
    expect(refusal(changed((d) => (d.accountDevice = '')))).toBe('accountDevice: empty');
    expect(refusal(changed((d) => (d.accountDevice = 'd\u0001')))).toBe('accountDevice: contains a control character');
    expect(refusal(changed((d) => (d.accountDevice = 'x'.repeat(LIMITS.maxDeviceIdLength + 1))))).toBe(
      `accountDevice: longer than ${LIMITS.maxDeviceIdLength} characters`,
    );
  });

  it('may name a device the account holder does not have: it is display only, and then marks none', () => {
    expect(accepted(changed((d) => (d.accountDevice = 'not-a-device')))).toBe(true);
  });
});

describe('parseDisclosure: the text', () => {
  it('must be a string', () => {
    for (const value of [undefined, null, 42, {}, ['{}'], new String('{}')]) {
      expect(refusal(value)).toBe('text: expected a string');
    }
  });

  it('is refused whole above 1,048,576 UTF-16 code units, before parsing', () => {
    const json = JSON.stringify(HONEST);
    const atLimit = json + ' '.repeat(LIMITS.maxTextLength - json.length);
    expect(atLimit.length).toBe(LIMITS.maxTextLength);
    expect(accepted(atLimit)).toBe(true);
    expect(refusal(atLimit + ' ')).toBe('text: longer than 1048576 characters');
    // Invalid JSON of that size is refused for its size, so it was never parsed.
    expect(refusal('{'.repeat(LIMITS.maxTextLength + 1))).toBe('text: longer than 1048576 characters');
  });

  it('must be JSON, and the reason does not echo the page text', () => {
    for (const text of ['', '{', '{"version":1,}', "{'version':1}", 'NaN', 'secret-page-text']) {
      expect(refusal(text)).toBe('text: not valid JSON');
    }
  });

  it('must hold an object', () => {
    for (const text of ['null', '[]', '1', '"text"', 'true', '[{"version":1}]']) {
      expect(refusal(text)).toBe('disclosure: expected an object');
    }
  });
});

describe('parseDisclosure: the version', () => {
  it('names an unsupported version with the value seen', () => {
    expect(refusal(changed((d) => (d.version = 2)))).toBe('unsupported page-protocol version 2');
    expect(refusal(changed((d) => (d.version = 0)))).toBe('unsupported page-protocol version 0');
    expect(refusal(changed((d) => (d.version = 1.5)))).toBe('unsupported page-protocol version 1.5');
    // Only the version is read: a future shape is refused for its version, not its fields.
    expect(refusal('{"version":7,"whatever":[]}')).toBe('unsupported page-protocol version 7');
  });

  it('must be present and a number', () => {
    expect(refusal(changed((d) => delete d.version))).toBe('version: missing');
    expect(refusal(changed((d) => (d.version = '1')))).toBe('version: expected a number');
    expect(refusal(changed((d) => (d.version = null)))).toBe('version: expected a number');
    // An inherited "version" does not count.
    expect(refusal('{"__proto__":{"version":1}}')).toBe('version: missing');
  });
});

describe('parseDisclosure: no conversation open', () => {
  it('is reported with its own reason, not as a fault', () => {
    const onlyMe = changed((d) => {
      d.conversation = null;
      d.participants = [d.participants[0]];
    });
    expect(refusal(onlyMe)).toBe(NO_CONVERSATION);
    expect(refusal(changed((d) => (d.conversation = null)))).toBe('no conversation open');
  });

  it('still needs the rest to be valid', () => {
    const broken = changed((d) => {
      d.conversation = null;
      d.participants = 'nobody';
    });
    expect(refusal(broken)).toBe('participants: expected an array');
  });
});

describe('parseDisclosure: each field, with the path of the fault', () => {
  const cases: [string, (d: Loose) => void, string][] = [
    ['messenger type', (d) => (d.messenger = 5), 'messenger: expected a string'],
    ['messenger missing', (d) => delete d.messenger, 'messenger: missing'],
    ['account type', (d) => (d.account = ['alice']), 'account: expected a string'],
    ['account missing', (d) => delete d.account, 'account: missing'],
    ['conversation type', (d) => (d.conversation = 'c-7f3a'), 'conversation: expected an object'],
    ['conversation missing', (d) => delete d.conversation, 'conversation: missing'],
    ['conversation id', (d) => (d.conversation.id = 7), 'conversation.id: expected a string'],
    ['conversation title', (d) => delete d.conversation.title, 'conversation.title: missing'],
    ['conversation kind', (d) => (d.conversation.kind = 'channel'), 'conversation.kind: expected "direct" or "group"'],
    ['participants type', (d) => (d.participants = {}), 'participants: expected an array'],
    ['participant type', (d) => (d.participants[2] = 'carol'), 'participants[2]: expected an object'],
    ['participant as array', (d) => (d.participants[2] = [d.participants[2]]), 'participants[2]: expected an object'],
    ['conversation as array', (d) => (d.conversation = []), 'conversation: expected an object'],
    ['participant id', (d) => delete d.participants[1].id, 'participants[1].id: missing'],
    ['participant name', (d) => (d.participants[1].name = null), 'participants[1].name: expected a string'],
    ['shown', (d) => (d.participants[1].shown = 'yes'), 'participants[1].shown: expected true or false'],
    ['identity key type', (d) => (d.participants[1].identityKey = 'BZxe'), 'participants[1].identityKey: expected an object'],
    [
      'identity algorithm',
      (d) => (d.participants[1].identityKey.algorithm = 'x448'),
      'participants[1].identityKey.algorithm: expected "ed25519" or "curve25519"',
    ],
    ['identity key bytes', (d) => (d.participants[1].identityKey.key = 42), 'participants[1].identityKey.key: expected a string'],
    ['devices type', (d) => (d.participants[0].devices = null), 'participants[0].devices: expected an array'],
    ['device type', (d) => (d.participants[0].devices[1] = 7), 'participants[0].devices[1]: expected an object'],
    ['device id', (d) => (d.participants[0].devices[1].id = 1), 'participants[0].devices[1].id: expected a string'],
    ['device key', (d) => delete d.participants[0].devices[1].key, 'participants[0].devices[1].key: missing'],
    [
      'device algorithm',
      (d) => (d.participants[0].devices[1].key.algorithm = 'rsa'),
      'participants[0].devices[1].key.algorithm: expected "ed25519" or "curve25519"',
    ],
    ['signature type', (d) => (d.participants[0].devices[1].signature = 64), 'participants[0].devices[1].signature: expected a string'],
    ['signature missing', (d) => delete d.participants[0].devices[1].signature, 'participants[0].devices[1].signature: missing'],
    [
      'encryptedTo',
      (d) => (d.participants[0].devices[1].encryptedTo = 1),
      'participants[0].devices[1].encryptedTo: expected true or false',
    ],
  ];

  it.each(cases)('%s', (_name, change, reason) => {
    expect(refusal(changed(change))).toBe(reason);
  });
});

describe('parseDisclosure: limits', () => {
  const lengthCases: [string, number, (d: Loose, value: string) => void, string][] = [
    ['messenger', LIMITS.maxMessengerLength, (d, s) => (d.messenger = s), 'messenger'],
    ['name', LIMITS.maxNameLength, (d, s) => (d.participants[2].name = s), 'participants[2].name'],
    ['title', LIMITS.maxTitleLength, (d, s) => (d.conversation.title = s), 'conversation.title'],
    ['conversation id', LIMITS.maxConversationIdLength, (d, s) => (d.conversation.id = s), 'conversation.id'],
    ['participant id', LIMITS.maxParticipantIdLength, (d, s) => (d.participants[2].id = s), 'participants[2].id'],
    ['device id', LIMITS.maxDeviceIdLength, (d, s) => (d.participants[2].devices[0].id = s), 'participants[2].devices[0].id'],
  ];

  it.each(lengthCases)('%s: at most %i code points', (_name, max, set, path) => {
    expect(accepted(changed((d) => set(d, 'x'.repeat(max))))).toBe(true);
    expect(refusal(changed((d) => set(d, 'x'.repeat(max + 1))))).toBe(`${path}: longer than ${max} characters`);
    // Counted in code points: an emoji is two UTF-16 units but one character.
    expect(accepted(changed((d) => set(d, '🔑'.repeat(max))))).toBe(true);
    expect(refusal(changed((d) => set(d, '🔑'.repeat(max + 1))))).toBe(`${path}: longer than ${max} characters`);
  });

  it('account: at most 256 code points, like the participant id it names', () => {
    const long = 'a'.repeat(LIMITS.maxParticipantIdLength + 1);
    expect(refusal(changed((d) => (d.account = long)))).toBe('account: longer than 256 characters');
  });

  it('at most 5,000 participants', () => {
    const atLimit = changed((d) => (d.participants = [d.participants[0], ...manyParticipants(LIMITS.maxParticipants - 1)]));
    expect(accepted(atLimit)).toBe(true);
    const over = changed((d) => (d.participants = [d.participants[0], ...manyParticipants(LIMITS.maxParticipants)]));
    expect(refusal(over)).toBe('participants: more than 5000 entries');
  });

  it('at most 64 devices per participant', () => {
    const devices = (n: number) => (d: Loose) => {
      const template = d.participants[1].devices[0];
      d.participants[1].devices = Array.from({ length: n }, (_, i) => ({ ...template, id: `d${i}` }));
    };
    expect(accepted(changed(devices(LIMITS.maxDevicesPerParticipant)))).toBe(true);
    expect(refusal(changed(devices(LIMITS.maxDevicesPerParticipant + 1)))).toBe('participants[1].devices: more than 64 entries');
  });

  it(`keys and signatures: at most ${MAX_KEY_TEXT_LENGTH} characters of base64`, () => {
    const longest = 'A'.repeat(MAX_KEY_TEXT_LENGTH);
    expect(accepted(changed((d) => (d.participants[1].identityKey.key = longest)))).toBe(true);
    expect(refusal(changed((d) => (d.participants[1].identityKey.key = longest + 'AAAA')))).toBe(
      'participants[1].identityKey.key: longer than 128 characters',
    );
    expect(refusal(changed((d) => (d.participants[0].devices[0].signature = longest + 'AAAA')))).toBe(
      'participants[0].devices[0].signature: longer than 128 characters',
    );
  });
});

describe('parseDisclosure: ids', () => {
  const setters: [string, (d: Loose, id: string) => void][] = [
    ['account', (d, id) => (d.account = id)],
    ['participants[2].id', (d, id) => (d.participants[2].id = id)],
    ['participants[2].devices[0].id', (d, id) => (d.participants[2].devices[0].id = id)],
    ['conversation.id', (d, id) => (d.conversation.id = id)],
  ];

  it.each(setters)('%s: not empty, no control characters, no lone surrogates', (path, set) => {
    expect(refusal(changed((d) => set(d, '')))).toBe(`${path}: empty`);
    for (const control of ['\u0000', '\u0009', '\u000a', '\u001f', '\u007f']) {
      expect(refusal(changed((d) => set(d, `a${control}b`)))).toBe(`${path}: contains a control character`);
    }
    for (const lone of ['\ud800', 'a\udc00', '\udc00\ud800', 'x\ud83d']) {
      expect(refusal(changed((d) => set(d, lone)))).toBe(`${path}: contains a lone surrogate`);
    }
  });

  it('accept any other Unicode, surrogate pairs included', () => {
    const text = changed((d) => {
      d.participants[2].id = 'ca\u0080rol 🔑 名前';
      d.participants[2].devices[0].id = '\u00a0d1';
    });
    expect(accepted(text)).toBe(true);
  });

  it('participant ids are unique', () => {
    expect(refusal(changed((d) => (d.participants[2].id = 'bob')))).toBe('participants[2].id: duplicate id');
  });

  it('device ids are unique within their participant, not across', () => {
    expect(refusal(changed((d) => (d.participants[0].devices[1].id = 'laptop')))).toBe('participants[0].devices[1].id: duplicate id');
    // Bob and Carol both have a device "d1".
    expect(HONEST.participants[1]!.devices[0]!.id).toBe(HONEST.participants[2]!.devices[0]!.id);
    expect(accepted(JSON.stringify(HONEST))).toBe(true);
  });

  it('the account is one of the participants', () => {
    expect(refusal(changed((d) => (d.account = 'mallory')))).toBe('account: not among the participants');
    expect(refusal(changed((d) => d.participants.shift()))).toBe('account: not among the participants');
  });
});

describe('parseDisclosure: base64', () => {
  const spellings: [string, string][] = [
    ['no padding', 'AAAAAA'],
    ['URL-safe alphabet', 'ab-_'],
    ['white space', 'AAAA AAAA'],
    ['a line break', 'AAAA\nAAAA'],
    ['non-zero trailing bits', 'AAB='],
    ['too much padding', 'A==='],
    ['padding inside', 'AA==AAAA'],
  ];

  it.each(spellings)('refuses %s', (_name, spelling) => {
    expect(refusal(changed((d) => (d.participants[2].identityKey.key = spelling)))).toBe(
      'participants[2].identityKey.key: not canonical base64',
    );
    expect(refusal(changed((d) => (d.participants[2].devices[0].key.key = spelling)))).toBe(
      'participants[2].devices[0].key.key: not canonical base64',
    );
    expect(refusal(changed((d) => (d.participants[2].devices[0].signature = spelling)))).toBe(
      'participants[2].devices[0].signature: not canonical base64',
    );
  });
});

describe('parseDisclosure: hostile structure', () => {
  it('"__proto__" keys neither pollute prototypes nor reach the output', () => {
    const json = JSON.stringify(HONEST);
    const text = `{"__proto__":{"polluted":true},${json.slice(1, -1)},"constructor":{"prototype":{"polluted":true}}}`;
    const result = parseDisclosure(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.getPrototypeOf(result.disclosure)).toBe(Object.prototype);
    expect(Object.keys(result.disclosure)).toEqual(['version', 'messenger', 'account', 'conversation', 'participants']);
    expect(({} as Loose).polluted).toBeUndefined();
  });

  it('ids named after Object.prototype members are ordinary ids', () => {
    const text = changed((d) => {
      d.participants[1].id = '__proto__';
      d.participants[2].id = 'constructor';
      d.participants[2].devices[0].id = 'hasOwnProperty';
    });
    const result = parseDisclosure(text);
    expect(result.ok && result.disclosure.participants.map((p) => p.id)).toEqual(['alice', '__proto__', 'constructor']);
    expect(refusal(changed((d) => (d.participants[1].id = d.participants[2].id = '__proto__')))).toBe('participants[2].id: duplicate id');
  });

  it('deep nesting is refused with a reason, not a stack overflow', () => {
    const depth = 200_000;
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const withDeep = (change: (d: Loose) => void) => changed(change).replace('"DEEP"', deep);
    expect(refusal(withDeep((d) => (d.conversation = 'DEEP')))).toBe('conversation: expected an object');
    // Unknown fields are never walked, however deep.
    expect(accepted(withDeep((d) => (d.extra = 'DEEP')))).toBe(true);
    expect(refusal(deep)).toBe('disclosure: expected an object');
  });
});
