// What a handler gets: the server, the request's parts, and the authenticated
// session on demand.

import { missingToken, unknownToken } from '../errors';
import type { Homeserver } from '../homeserver';
import type { Session } from '../state/accounts';

export interface HandlerResult {
  status?: number;
  body: unknown;
}

export class RequestContext {
  private session: Session | null | undefined;

  constructor(
    readonly hs: Homeserver,
    readonly method: string,
    readonly path: string,
    readonly params: Record<string, string>,
    readonly query: URLSearchParams,
    readonly body: unknown,
    private readonly accessToken: string | null,
    /** Aborts when the client goes away (a long-polling sync stops waiting). */
    readonly signal: AbortSignal,
    /** The base URL clients reach this server at (for .well-known). */
    readonly baseUrl: string,
  ) {}

  /** The logged-in session; throws M_MISSING_TOKEN or M_UNKNOWN_TOKEN. */
  auth(): Session {
    if (this.session === undefined) this.session = this.accessToken ? this.hs.accounts.session(this.accessToken) : null;
    if (!this.accessToken) throw missingToken();
    if (!this.session) throw unknownToken();
    return this.session;
  }

  /** The session if the request carries a valid token, else null (for logging). */
  optionalSession(): Session | null {
    if (this.session === undefined) this.session = this.accessToken ? this.hs.accounts.session(this.accessToken) : null;
    return this.session;
  }

  /** The body as an object (`{}` when there was none); M_BAD_JSON otherwise. */
  json(): Record<string, unknown> {
    return this.body as Record<string, unknown>;
  }
}

export type Handler = (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;
