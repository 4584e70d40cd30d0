// Identifiers: user ids (`@localpart:server`), room ids, event ids, device ids,
// access tokens. Random parts come from the system's CSPRNG.

import { randomBytes } from 'node:crypto';
import { invalidParam } from './errors';

const LOCALPART = /^[a-z0-9._=\-/+]{1,255}$/;
const SERVER_NAME = /^[A-Za-z0-9.\-:[\]]{1,255}$/;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface ParsedUserId {
  localpart: string;
  server: string;
}

export function parseUserId(userId: string): ParsedUserId | null {
  const match = /^@([^:]+):(.+)$/.exec(userId);
  if (!match || !LOCALPART.test(match[1]!) || !SERVER_NAME.test(match[2]!)) return null;
  return { localpart: match[1]!, server: match[2]! };
}

export function requireUserId(userId: unknown, what = 'user_id'): string {
  if (typeof userId !== 'string' || !parseUserId(userId)) throw invalidParam(`${what} must be a user id like @alice:example.org`);
  return userId;
}

export function isValidLocalpart(localpart: string): boolean {
  return LOCALPART.test(localpart);
}

export function serverOf(userId: string): string {
  return userId.slice(userId.indexOf(':') + 1);
}

function randomText(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export const newDeviceId = () => randomText(10, LETTERS);
export const newRoomId = (server: string) => `!${randomText(18, LETTERS + LETTERS.toLowerCase())}:${server}`;
export const newEventId = () => `$${randomBytes(32).toString('base64url')}`;
export const newAccessToken = () => `mat_${randomBytes(24).toString('base64url')}`;
export const newSessionId = () => randomBytes(12).toString('base64url');
export const newSecret = () => randomBytes(12).toString('base64url');
