// What a scanned code says, for a person's screen and for the group screen.
// A code of the other kind is named as such, so nobody mistakes "wrong screen"
// for "someone in between".
import { compareGroupCode, GROUP_CODE_PREFIX } from '../core/group-code';
import { compareScannedCode } from '../core/safety-number';
import { latin1ToBytes } from './qr';

export type ScanVerdict =
  | { kind: 'match' }
  | { kind: 'mismatch' }
  | { kind: 'version'; theirs: number; ours: number }
  | { kind: 'group-code' }
  | { kind: 'person-code' }
  | { kind: 'not-a-code'; reason: string };

/** Signal's scannable code is a protobuf whose first field is the version: it starts with byte 0x08. */
const looksLikePersonCode = (text: string) => text.charCodeAt(0) === 0x08;

export function judgeContactScan(ours: Uint8Array, text: string): ScanVerdict {
  if (text.startsWith(GROUP_CODE_PREFIX)) return { kind: 'group-code' };
  const bytes = latin1ToBytes(text);
  if (bytes === null) return { kind: 'not-a-code', reason: 'not a safety-number code: it holds text' };
  const compared = compareScannedCode(ours, bytes);
  switch (compared.result) {
    case 'match':
      return { kind: 'match' };
    case 'mismatch':
      return { kind: 'mismatch' };
    case 'version-mismatch':
      return { kind: 'version', theirs: compared.theirs, ours: compared.ours };
    case 'not-a-code':
      return { kind: 'not-a-code', reason: compared.reason };
  }
}

export function judgeGroupScan(ourDigits: string, text: string): ScanVerdict {
  const compared = compareGroupCode(ourDigits, text);
  switch (compared.result) {
    case 'match':
      return { kind: 'match' };
    case 'mismatch':
      return { kind: 'mismatch' };
    case 'version-mismatch':
      return { kind: 'version', theirs: compared.theirs, ours: compared.ours };
    case 'not-a-code':
      return looksLikePersonCode(text) ? { kind: 'person-code' } : { kind: 'not-a-code', reason: compared.reason };
  }
}
