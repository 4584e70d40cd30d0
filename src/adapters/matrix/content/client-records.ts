// What the web client itself recorded in the page's localStorage, as Element
// writes it: who is logged in (mx_user_id), on which device (mx_device_id), the
// room last shown (mx_last_room_id: its id even when the address shows an
// alias), and the MSC4153 labs flag. Page data like everything else: each value
// is checked for shape here and used by the background only for what it says
// about the page (never for a verdict about a key).

import { isRoomId, type MatrixObservation } from '../shared/observation';
import { isMatrixUserId } from '../shared/user-id';

export const CLIENT_RECORD_KEYS = {
  userId: 'mx_user_id',
  deviceId: 'mx_device_id',
  lastRoomId: 'mx_last_room_id',
  excludeInsecureDevices: 'mx_labs_feature_feature_exclude_insecure_devices',
} as const;

/** Device ids are at most 255 characters, printable, without spaces. */
function isDeviceId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 255 && /^[\x21-\x7e]+$/.test(value);
}

export function clientRecords(
  storage: Pick<Storage, 'getItem'> | null = pageStorage(),
): Pick<MatrixObservation, 'clientUserId' | 'clientDeviceId' | 'lastRoomId' | 'excludeInsecureDevices'> {
  const read = (key: string): string | null => {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null; // storage blocked for this page
    }
  };
  const userId = read(CLIENT_RECORD_KEYS.userId);
  const deviceId = read(CLIENT_RECORD_KEYS.deviceId);
  const lastRoomId = read(CLIENT_RECORD_KEYS.lastRoomId);
  return {
    clientUserId: isMatrixUserId(userId) ? userId : null,
    clientDeviceId: isDeviceId(deviceId) ? deviceId : null,
    lastRoomId: isRoomId(lastRoomId) ? lastRoomId : null,
    excludeInsecureDevices: read(CLIENT_RECORD_KEYS.excludeInsecureDevices) === 'true',
  };
}

function pageStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
