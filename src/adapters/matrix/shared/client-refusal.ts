// A /keys/query response the client refuses as a whole. matrix-sdk-crypto reads
// the response's text strictly: a top-level field of the wrong type, one of its
// maps holding something other than an object per user or keyed by something
// that is not a user id, or a top-level field given twice, and nothing of it is
// applied; the client goes on with the keys it held. The content script checks
// the text as the page received it (a parse keeps only the last copy of a field
// given twice). KeyWatch must not apply it either: a response padded that way to
// hide a ghost device from KeyWatch would change nothing for the client.

import { isPlainObject } from './json';
import { ownMember } from './keys-query-schema';

/** The top-level fields the client reads, each a map: of user ids, or (failures) of server names. */
const MAPS = ['failures', 'device_keys', 'master_keys', 'self_signing_keys', 'user_signing_keys'] as const;

/** Why the client refuses this response as a whole (`body` being the parse of `text`); null when it reads it. */
export function clientRefusal(text: string, body: unknown): string | null {
  if (!isPlainObject(body)) return 'the response is not a JSON object';
  for (const name of MAPS) {
    const map = ownMember(body, name);
    if (map === undefined) continue;
    if (!isPlainObject(map)) return `${name} is not a JSON object`;
    if (name !== 'failures' && !Object.keys(map).every(clientReadsUserId)) return `${name} holds an entry not keyed by a user id`;
    if (name === 'device_keys')
      for (const devices of Object.values(map))
        if (!isPlainObject(devices)) return 'device_keys holds a user whose devices are not a JSON object';
  }
  const twice = mayRepeatAField(text) ? repeatedField(topLevelKeys(text)) : undefined;
  return twice === undefined ? null : `the field ${twice} is given twice`;
}

/** Whether a field could be given twice: one's quoted name appears twice, or a key could be spelt with escapes. */
function mayRepeatAField(text: string): boolean {
  if (text.includes('\\u')) return true;
  return MAPS.some((name) => {
    const first = text.indexOf(`"${name}"`);
    return first >= 0 && text.indexOf(`"${name}"`, first + 1) >= 0;
  });
}

function repeatedField(keys: readonly string[]): string | undefined {
  return MAPS.find((name) => keys.indexOf(name) !== keys.lastIndexOf(name));
}

/** The keys of the top-level object of `text` (valid JSON), in order, repeats included, escapes decoded. */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      // A key of the top-level object: a string at depth 1 followed by a colon, whatever the white space between.
      if (depth === 1 && text.charCodeAt(afterWhiteSpace(text, i + 1)) === 0x3a /* : */)
        keys.push(JSON.parse(text.slice(start, i + 1)) as string);
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) depth++;
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return keys;
}

function afterWhiteSpace(text: string, at: number): number {
  while (at < text.length && /[ \t\n\r]/.test(text[at]!)) at++;
  return at;
}

/**
 * Whether the client reads `id` as a user id: "@", a localpart without ":", then a server name (a DNS name or IPv4
 * address of letters, digits, "." and "-", or an IPv6 address in brackets) with an optional port up to 65535. Its
 * checks are looser than the spec's (no length bound, an empty localpart): only what it refuses is refused here.
 */
export function clientReadsUserId(id: string): boolean {
  const match = /^@[^:]*:(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(id);
  return match !== null && (match[1] === undefined || Number(match[1]) <= 65_535);
}
