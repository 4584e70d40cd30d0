// The verdict on one user in the shape the reference implementation and the
// specification speak of (master key, which devices are cross-signed, problems),
// for tests that compare KeyWatch's verifier with them.
import { verifyUserKeysDetailed } from '../background/cross-signing';

export function verifyUserKeys(
  keysQueryResponse: unknown,
  userId: string,
): {
  masterKey: string | null;
  devices: Array<{ deviceId: string; crossSigned: boolean }>;
  problems: string[];
} {
  const detail = verifyUserKeysDetailed(keysQueryResponse, userId);
  return {
    masterKey: detail.masterKey,
    devices: detail.devices.map(({ deviceId, crossSigned }) => ({ deviceId, crossSigned })),
    problems: detail.problems,
  };
}
