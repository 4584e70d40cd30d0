// The last verdicts on each user's keys, for as long as the background runs:
// Element fetches the same keys again and again, and a user whose stored keys
// text is exactly as before has exactly the same verdict (it is a pure function
// of that text). A stopped worker forgets these; the remembered checks in
// storage.local (core/signatures/) then make the next verdicts cheap instead.
import type { VerifiedUserKeys } from './cross-signing';

/** Enough for the largest room KeyWatch verifies (1,000 users) twice over. */
const CAPACITY = 2_000;

export class VerifiedUsers {
  private readonly entries = new Map<string, { text: string; verdict: VerifiedUserKeys }>();
  /** The digest of each user's latest keys text (remembered-keys.ts, sourceOf), so unchanged keys are not hashed again. */
  private readonly sources = new Map<string, { text: string; source: string }>();

  constructor(private readonly capacity = CAPACITY) {}

  /** The verdict computed from exactly this keys text, if remembered. */
  get(userId: string, text: string): VerifiedUserKeys | undefined {
    const entry = this.entries.get(userId);
    if (entry === undefined || entry.text !== text) return undefined;
    // Used: now the most recent.
    this.entries.delete(userId);
    this.entries.set(userId, entry);
    return entry.verdict;
  }

  /** Only for a final verdict (every check answered for real). */
  set(userId: string, text: string, verdict: VerifiedUserKeys): void {
    this.entries.delete(userId);
    this.entries.set(userId, { text, verdict });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The digest of this keys text, computed by `digest` only when it is not the text last seen for the user. */
  sourceOf(userId: string, text: string, digest: () => string): string {
    const entry = this.sources.get(userId);
    if (entry !== undefined && entry.text === text) return entry.source;
    const source = digest();
    this.sources.delete(userId);
    this.sources.set(userId, { text, source });
    while (this.sources.size > this.capacity) this.sources.delete(this.sources.keys().next().value!);
    return source;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.sources.clear();
  }
}

export const verifiedUsers = new VerifiedUsers();
