// User-interactive authentication (spec, "User-Interactive Authentication
// API"): an endpoint behind it first answers 401 with the flows and a session;
// the client retries with `auth` completing a stage. Only one-stage flows are
// offered here: m.login.password for sensitive account actions, m.login.dummy
// for registration.

import { MatrixError } from '../errors';
import { newSessionId } from '../ids';

export type UiaStage = 'm.login.password' | 'm.login.dummy';

interface UiaSession {
  stage: UiaStage;
  /** What the session was started for, so it cannot authorise another action. */
  purpose: string;
  createdAt: number;
}

const SESSION_LIFETIME_MS = 10 * 60_000;

export class UiaSessions {
  private readonly sessions = new Map<string, UiaSession>();

  /**
   * Returns when `auth` completes `stage` (checked by `check`); otherwise throws
   * the 401 that starts or continues the session.
   */
  require(auth: unknown, stage: UiaStage, purpose: string, check: (auth: Record<string, unknown>) => void): void {
    const given = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>) : null;
    const sessionId = typeof given?.session === 'string' ? given.session : null;
    const known = sessionId ? this.sessions.get(sessionId) : undefined;
    if (sessionId && (!known || known.purpose !== purpose || Date.now() - known.createdAt > SESSION_LIFETIME_MS)) {
      throw new MatrixError(400, 'M_UNKNOWN', `unknown or expired user-interactive auth session ${sessionId}`);
    }
    if (!given || given.type === undefined) throw this.challenge(stage, purpose, sessionId);
    if (given.type !== stage) throw this.challenge(stage, purpose, sessionId, `this server offers only ${stage} here`);
    try {
      check(given);
    } catch (error) {
      if (error instanceof MatrixError) throw this.challenge(stage, purpose, sessionId, error.message, error.errcode);
      throw error;
    }
    if (sessionId) this.sessions.delete(sessionId);
  }

  private challenge(stage: UiaStage, purpose: string, sessionId: string | null, error?: string, errcode = 'M_FORBIDDEN'): MatrixError {
    const session = sessionId ?? newSessionId();
    this.sessions.set(session, { stage, purpose, createdAt: Date.now() });
    return new UiaChallenge(stage, session, error ? { errcode, error } : null);
  }
}

/** The 401 of user-interactive auth: flows and session, plus errcode and error only when a stage failed (as the spec's examples). */
class UiaChallenge extends MatrixError {
  constructor(
    stage: UiaStage,
    readonly session: string,
    private readonly failure: { errcode: string; error: string } | null,
  ) {
    super(401, failure?.errcode ?? 'M_UNAUTHORIZED', failure?.error ?? 'user-interactive authentication required', {
      flows: [{ stages: [stage] }],
      params: {},
      session,
      completed: [],
    });
  }

  override body(): Record<string, unknown> {
    return this.failure ? super.body() : { ...this.extra };
  }
}
