// Which conversations' stored rosters were replaced by something no page of this
// browser showed (a records import), in the order of this worker's writes of the
// trust store. A report's "read" mark for a tab (tab-coverage.ts) is written
// after its ingest, outside the store's queue: an import applied in between
// must win, or the tab would read fresh ("everyone verified") over the file's
// roster. Memory is enough: the mark and the import it races are both of this
// worker's life; a stopped worker writes no mark.
export class RosterReplacements {
  private readonly replacedAt = new Map<string, number>();

  /** These conversations' rosters were replaced by the store write numbered `write`. */
  note(conversationKeys: Iterable<string>, write: number): void {
    for (const key of conversationKeys) this.replacedAt.set(key, Math.max(write, this.replacedAt.get(key) ?? 0));
  }

  /** Whether what a page showed, taken in by the write numbered `takenIn`, was replaced since. */
  replacedSince(conversationKey: string, takenIn: number): boolean {
    return (this.replacedAt.get(conversationKey) ?? -Infinity) > takenIn;
  }
}
