import { describe, expect, it } from 'vitest';
import { clientRecords, CLIENT_RECORD_KEYS } from './client-records';

const storage = (items: Record<string, string>) => ({ getItem: (key: string) => items[key] ?? null });

describe('the client’s own records in localStorage', () => {
  it('reads Element’s user, device, last room and the MSC4153 labs flag', () => {
    const records = clientRecords(
      storage({
        [CLIENT_RECORD_KEYS.userId]: '@alice:example.org',
        [CLIENT_RECORD_KEYS.deviceId]: 'ABCDEFGHIJ',
        [CLIENT_RECORD_KEYS.lastRoomId]: '!team:example.org',
        [CLIENT_RECORD_KEYS.excludeInsecureDevices]: 'true',
      }),
    );
    expect(records).toEqual({
      clientUserId: '@alice:example.org',
      clientDeviceId: 'ABCDEFGHIJ',
      lastRoomId: '!team:example.org',
      excludeInsecureDevices: true,
    });
  });

  it('refuses values of the wrong shape, and a storage that throws', () => {
    const none = { clientUserId: null, clientDeviceId: null, lastRoomId: null, excludeInsecureDevices: false };
    expect(
      clientRecords(
        storage({
          [CLIENT_RECORD_KEYS.userId]: 'alice',
          [CLIENT_RECORD_KEYS.deviceId]: 'has space',
          [CLIENT_RECORD_KEYS.lastRoomId]: '#alias:example.org',
          [CLIENT_RECORD_KEYS.excludeInsecureDevices]: 'yes',
        }),
      ),
    ).toEqual(none);
    expect(
      clientRecords({
        getItem: () => {
          throw new Error('blocked');
        },
      }),
    ).toEqual(none);
    expect(clientRecords(null)).toEqual(none);
  });
});
