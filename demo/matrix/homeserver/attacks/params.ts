// Parameter schemas shared by the attacks.

import * as v from 'valibot';

export const userIdParam = v.pipe(v.string(), v.regex(/^@[a-z0-9._=\-/+]+:[A-Za-z0-9.\-:[\]]+$/, 'must be a user id like @bob:localhost'));
export const roomIdParam = v.pipe(v.string(), v.regex(/^!.+:.+$/, 'must be a room id like !abc:localhost'));
export const serverNameParam = v.pipe(v.string(), v.regex(/^[A-Za-z0-9.\-:[\]]{1,255}$/, 'must be a server name'));

/** Serve the attack to this user only; to everyone when omitted. */
export const viewerParam = v.optional(userIdParam);

export const servedTo = (viewer: string | undefined, actual: string) => viewer === undefined || viewer === actual;
