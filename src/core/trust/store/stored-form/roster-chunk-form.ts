// A roster chunk's compact stored form (docs/storage.md, Stored form): its
// conversation and index come from its key; each member and device is an
// array, its flags a number, its keys one string each.
import { arrayOf, decodeNullableKeyRef, encodeNullableKeyRef, fail, flag, objectWith, unflag } from './form-parts';
import { STORED_FORM } from './stored-form-version';

interface ChunkKeyParts {
  origin: string;
  account: string;
  conversationId: string;
  index: number;
}

const SHOWN = 1;
const IS_SELF = 2;

export function encodeRosterChunk(value: unknown, at: ChunkKeyParts): unknown[] {
  const c = objectWith(value, ['origin', 'account', 'conversationId', 'index', 'of', 'members']);
  if (c.origin !== at.origin || c.account !== at.account || c.conversationId !== at.conversationId || c.index !== at.index) fail();
  if (!('of' in c)) fail();
  const members = arrayOf(c.members).map((member) => {
    const m = objectWith(member, ['id', 'name', 'shown', 'isSelf', 'identityKey', 'devices', 'position']);
    if (!('id' in m && 'name' in m && 'identityKey' in m && 'position' in m)) fail();
    const devices = arrayOf(m.devices).map((device) => {
      const d = objectWith(device, ['id', 'key', 'vouch', 'encryptedTo']);
      if (!('id' in d && 'key' in d && 'vouch' in d)) fail();
      return [d.id, encodeNullableKeyRef(d.key), d.vouch, flag(d.encryptedTo)];
    });
    return [m.id, m.name, flag(m.shown) * SHOWN + flag(m.isSelf) * IS_SELF, encodeNullableKeyRef(m.identityKey), devices, m.position];
  });
  return [STORED_FORM, c.of, members];
}

export function decodeRosterChunk(stored: unknown[], at: ChunkKeyParts): Record<string, unknown> {
  const [, of, members] = arrayOf(stored, 3);
  return {
    origin: at.origin,
    account: at.account,
    conversationId: at.conversationId,
    index: at.index,
    of,
    members: arrayOf(members).map((member) => {
      const [id, name, flags, identityKey, devices, position] = arrayOf(member, 6);
      if (flags !== 0 && flags !== 1 && flags !== 2 && flags !== 3) fail();
      return {
        id,
        name,
        shown: (flags & SHOWN) !== 0,
        isSelf: (flags & IS_SELF) !== 0,
        identityKey: decodeNullableKeyRef(identityKey),
        devices: arrayOf(devices).map((device) => {
          const [deviceId, key, vouch, encryptedTo] = arrayOf(device, 4);
          return { id: deviceId, key: decodeNullableKeyRef(key), vouch, encryptedTo: unflag(encryptedTo) };
        }),
        position,
      };
    }),
  };
}
