// The result of one comparison on the verify page.
export type Method = 'scanned' | 'typed' | 'read-aloud';

export type Outcome =
  | { kind: 'match'; method: Method }
  /** `detail`: which group differs, when known. */
  | { kind: 'mismatch'; method: Method; detail: string | null }
  /** Nothing can be concluded (not a code, another kind of code, another version). */
  | { kind: 'inconclusive'; message: string };

/** What a screen compares: the digits, the code to show, and how to judge a scanned code. */
export interface Subject {
  digits: string;
  code: Uint8Array | string;
  codeAlt: string;
  codeHint: string;
  /** Who the user compares with, for messages ("Bob", or "the group"). */
  otherName: string;
  judgeScan(text: string): Outcome;
}
