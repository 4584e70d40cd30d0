// Every client-server request the server answered, newest last, so tests can
// assert what a real client asked for and when (for example: no /keys/query
// after a reload). Admin requests are not logged.

export interface LoggedRequest {
  seq: number;
  time: number;
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** The path without the version prefix, e.g. `keys/query` or `rooms/!id:server/members`. */
  endpoint: string;
  userId: string | null;
  deviceId: string | null;
  /** The HTTP status sent, or 0 while the request is still being answered (a waiting sync). */
  status: number;
  /** When the answer was sent (absent until then). */
  answeredAt?: number;
  /** The JSON request body, for the few endpoints whose body tests assert on (keys/query, keys/claim). */
  body?: unknown;
}

const KEPT = 20_000;
const BODY_ENDPOINTS = new Set(['keys/query', 'keys/claim']);

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private nextSeq = 1;

  add(entry: Omit<LoggedRequest, 'seq' | 'time' | 'body'>, body: unknown): LoggedRequest {
    const logged: LoggedRequest = { seq: this.nextSeq++, time: Date.now(), ...entry };
    if (BODY_ENDPOINTS.has(entry.endpoint)) logged.body = body;
    this.entries.push(logged);
    if (this.entries.length > KEPT) this.entries = this.entries.slice(-KEPT / 2);
    return logged;
  }

  /** The sequence number the next request will get: a mark to read "everything after this" from. */
  get mark(): number {
    return this.nextSeq;
  }

  since(mark: number): LoggedRequest[] {
    return this.entries.filter((e) => e.seq >= mark);
  }
}

/** `/_matrix/client/v3/keys/query` → `keys/query`, `/_matrix/client/versions` → `versions`: the path after the version. */
export function endpointOf(path: string): string {
  const match = /^\/_matrix\/(?:client|media)\/(?:(?:v\d+|r0|unstable(?:\/[^/]+)?)\/)?(.*)$/.exec(path);
  return match ? match[1]! : path;
}
