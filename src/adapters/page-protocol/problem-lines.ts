// The problem lines a page-protocol snapshot lists. A disclosure within the protocol's limits can hold
// 5,000 × (1 + 64) bad keys: listing each would refuse the whole roster at the store's limit on lines,
// and with it the verdict on every device. Each bad key's verdict stays in the roster, so the lines only
// need to show what went wrong, and say how much more did.

import { MAX_STORED_PROBLEMS } from '../../core/trust/rules/snapshot-problem';

/** As many lines as the conversation record keeps, so that the count of those left out is kept too. */
export const MAX_PROBLEM_LINES = MAX_STORED_PROBLEMS;

export class ProblemLines {
  private readonly listed: string[] = [];
  private unlisted = 0;

  add(line: string): void {
    if (this.listed.length < MAX_PROBLEM_LINES) this.listed.push(line);
    else this.unlisted++;
  }

  /** The first lines; when there were more than fit, the last line says how many were not listed. */
  lines(): string[] {
    if (this.unlisted === 0) return this.listed;
    const notListed = this.unlisted + 1;
    return [
      ...this.listed.slice(0, MAX_PROBLEM_LINES - 1),
      `and ${notListed} more problems, not listed (each is still a verdict on its participant or device)`,
    ];
  }
}
