// `unsigned` is what a homeserver adds to a signed object after it was signed
// (a device's display name, for one): no signature covers it, KeyWatch reads
// nothing in it, and a server can make it as long as it likes. It is dropped at
// the border, before anything is forwarded or remembered.
import { isPlainObject } from './json';

/** A signed object without its `unsigned` member; anything else as it is. */
export function withoutUnsigned(value: unknown): unknown {
  if (!isPlainObject(value) || !Object.hasOwn(value, 'unsigned')) return value;
  // fromEntries defines own members, so a member named "__proto__" stays data.
  return Object.fromEntries(Object.entries(value).filter(([name]) => name !== 'unsigned'));
}

/** device_keys[user]: each device without `unsigned`. */
export function devicesWithoutUnsigned(devices: unknown): unknown {
  if (!isPlainObject(devices)) return devices;
  return Object.fromEntries(Object.keys(devices).map((deviceId) => [deviceId, withoutUnsigned(devices[deviceId])]));
}

/** The three key maps of a /keys/query response ({ <user id>: … }), each entry without `unsigned`. */
export function keyMapsWithoutUnsigned<T extends Partial<Record<'device_keys' | 'master_keys' | 'self_signing_keys', unknown>>>(
  maps: T,
): T {
  const byUser = (map: unknown, strip: (value: unknown) => unknown) =>
    isPlainObject(map) ? Object.fromEntries(Object.keys(map).map((userId) => [userId, strip(map[userId])])) : map;
  return {
    ...maps,
    device_keys: byUser(maps.device_keys, devicesWithoutUnsigned),
    master_keys: byUser(maps.master_keys, withoutUnsigned),
    self_signing_keys: byUser(maps.self_signing_keys, withoutUnsigned),
  };
}
