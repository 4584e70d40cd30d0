// Differential test: a user id the client's crypto (matrix-sdk-crypto, as Element
// runs it) accepts, it fetches keys for and encrypts to; KeyWatch must then list
// that member, not leave them out of the roster. Within KeyWatch's bound of 255
// characters, both must agree on every id below.
import { UserId } from '@matrix-org/matrix-sdk-crypto-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { initReference } from '../testing/matrix-sdk-reference';
import { MAX_ID_LENGTH } from './limits';
import { isMatrixUserId } from './user-id';
import { clientReadsUserId } from './client-refusal';

const IDS = [
  '@bob:example.org',
  '@:evil.example',
  '@bob:example.org:8448',
  '@BOB:example.org',
  '@b\u00e9b:example.org',
  '@bob:[::1]',
  `@${'a'.repeat(MAX_ID_LENGTH - 8)}:x.org`,
  '@bob:',
  'bob:example.org',
  '@bob',
  '#room:example.org',
];

function clientAccepts(id: string): boolean {
  try {
    new UserId(id).free();
    return true;
  } catch {
    return false;
  }
}

describe('Matrix user ids', () => {
  beforeAll(initReference);

  it('are accepted where the client accepts them, an empty localpart included', () => {
    const disagreements = IDS.filter((id) => id.length <= MAX_ID_LENGTH && clientAccepts(id) && !isMatrixUserId(id));
    expect(disagreements).toEqual([]);
    expect(isMatrixUserId('@:evil.example')).toBe(true);
    for (const refused of ['bob:example.org', '@bob', '#room:example.org']) expect(isMatrixUserId(refused)).toBe(false);
  });

  it('are refused as keys of a /keys/query map only where the client refuses them (it then refuses the whole response)', () => {
    const ids = [
      ...IDS,
      'not-a-user-id',
      '@carol:bad server',
      '@bob:x.org:8448',
      '@bob:x.org:0',
      '@bob:x.org:65535',
      '@bob:x.org:65536',
      '@bob:x.org:99999',
      '@bob:[::1]:80',
      '@bob:1.2.3.4',
      '@bob:exa_mple.org',
      '@b ob:x.org',
      '@bob:x.org ',
      '@bob:-x.org',
      '@bob:x..org',
      '@bob:x.org/',
      '@bob:x.org:',
      '@bob:[zz]',
      '@bob:é.org',
      '!bob:x.org',
      '@a:b:c.org',
      `@${'a'.repeat(300)}:x.org`,
    ];
    const wrong = ids.filter((id) => clientReadsUserId(id) !== clientAccepts(id));
    expect(wrong).toEqual([]);
  });
});
