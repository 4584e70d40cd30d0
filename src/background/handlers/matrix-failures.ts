// The servers a /keys/query said it could not reach (`failures`), per origin,
// in storage.session: their users' keys did not come, so KeyWatch lists those
// members as not checked, and says why, instead of waiting. A server is
// dropped once keys of one of its users arrive.

import * as v from 'valibot';
import { serverOf } from '../../adapters/matrix/background/room-snapshot';
import { MATRIX_SESSION_PREFIX } from '../../adapters/matrix/background/session-plan';
import { readKeys, writeKeys } from '../../platform/storage';
import { log } from '../log';

const MAX_SERVERS = 100;
const keyOf = (origin: string) => `${MATRIX_SESSION_PREFIX}${origin}/failed-servers`;
const FailedSchema = v.array(v.tuple([v.pipe(v.string(), v.maxLength(255)), v.number()]));

async function read(origin: string): Promise<Array<[string, number]>> {
  const key = keyOf(origin);
  const parsed = v.safeParse(FailedSchema, (await readKeys('session', [key]))[key]);
  return parsed.success ? parsed.output : [];
}

export async function failedServers(origin: string): Promise<Set<string>> {
  return new Set((await read(origin)).map(([server]) => server));
}

/** Notes the servers that failed now, and forgets those whose users' keys came. */
export async function noteKeyResponse(
  origin: string,
  failed: readonly string[],
  answeredUsers: Iterable<string>,
  now: number,
): Promise<void> {
  const answered = new Set([...answeredUsers].map(serverOf));
  if (failed.length === 0 && answered.size === 0) return;
  const before = await read(origin);
  const kept = new Map(before.filter(([server]) => !answered.has(server) && !failed.includes(server)));
  for (const server of failed) kept.set(server, now);
  const next = [...kept].slice(-MAX_SERVERS);
  if (JSON.stringify(next) === JSON.stringify(before)) return;
  // Not kept, the servers are still named in this roster's problems (failedServers reads what was kept, so say it here too).
  await writeKeys('session', { [keyOf(origin)]: next }).catch((error: unknown) =>
    log.error(`the servers that did not answer ${origin}'s key requests could not be kept`, error),
  );
}
