// Coverage: what KeyWatch read in a tab, and what it could not. The background
// keeps one record per tab (storage.session), fed by every report an adapter
// makes; the popup shows it as the coverage line, and good news needs it clean
// (standing.ts). Pure types and functions, no browser API. docs/coverage.md
// describes each kind of gap, how long it lasts and who reports it.

/** The Matrix responses a roster is built from (the client's API paths KeyWatch reads). */
export const MATRIX_RESPONSES = ['keys-query', 'members', 'joined-members', 'sync', 'whoami'] as const;
export type MatrixResponse = (typeof MATRIX_RESPONSES)[number];

/** Who read an observation: the page protocol (one disclosure), or the Matrix adapter from these responses. */
export type CoverageReader = { adapter: 'page-protocol' } | { adapter: 'matrix'; response: MatrixResponse | null };

/**
 * Each kind of thing KeyWatch could not read, check or store. `lasts` says how
 * long a gap stands once reported:
 * - 'read': a fact about the state last read; the next read clears it unless it reports it again;
 * - 'document': something missed for good; it stands until the tab shows another document.
 * `blocks` says whether it keeps good news away: a gap that can hide part of the
 * current state blocks; a gap that only hid earlier states does not (its alert says so).
 */
export const GAP_KINDS = {
  /** A report the page sent was refused (unreadable, invalid, or the store would not take it). */
  refused: { lasts: 'read', blocks: true },
  /** The page changed faster than KeyWatch could read it: states it showed in between were never checked. */
  'states-skipped': { lasts: 'document', blocks: false },
  /** Responses the page received were not read (too large, too many at once). */
  'responses-unread': { lasts: 'document', blocks: true },
  /** The server said it could not give some users' keys (Matrix `/keys/query` `failures`). */
  'keys-withheld': { lasts: 'read', blocks: true },
  /** Members whose keys never came: they are left out of the roster until they do. */
  'keys-missing': { lasts: 'read', blocks: true },
  /** A limit left something out (records per site, a response's size). */
  'over-limit': { lasts: 'read', blocks: true },
  /** What was read could not be stored (storage full or failing). */
  'write-failed': { lasts: 'document', blocks: true },
  /** A frame or worker of the page that KeyWatch cannot see into. */
  unseen: { lasts: 'document', blocks: true },
} as const satisfies Record<string, { lasts: 'read' | 'document'; blocks: boolean }>;

export type GapKind = keyof typeof GAP_KINDS;
export const GAP_KIND_NAMES = Object.keys(GAP_KINDS) as GapKind[];

/** One kind of gap as it stands, coalesced over every report that carried it. */
export interface CoverageGap {
  kind: GapKind;
  /** How many things were missed: states, responses, users, records. Summed for gaps that last the document. */
  count: number;
  /** How many reports carried it. */
  occurrences: number;
  /** Whom or what it concerns (user ids, servers, frame addresses): page text, at most MAX_GAP_SUBJECTS. */
  subjects: string[];
  /** KeyWatch's own words on the latest occurrence (a refusal reason, a storage error), or null. */
  detail: string | null;
  first: number;
  last: number;
}

/** What one report adds: build it with the `gap` functions below, one per kind. */
export type GapReport = Pick<CoverageGap, 'kind' | 'count' | 'subjects' | 'detail'>;

export const MAX_GAP_SUBJECTS = 20;
const MAX_SUBJECT_LENGTH = 300;
const MAX_DETAIL_LENGTH = 1000;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const subjectList = (subjects: readonly string[]) =>
  [...new Set(subjects)].slice(0, MAX_GAP_SUBJECTS).map((s) => clip(s, MAX_SUBJECT_LENGTH));
const whole = (n: number) => (Number.isSafeInteger(n) && n > 0 ? n : 1);

function report(kind: GapKind, count: number, subjects: readonly string[] = [], detail: string | null = null): GapReport {
  return { kind, count: whole(count), subjects: subjectList(subjects), detail: detail === null ? null : clip(detail, MAX_DETAIL_LENGTH) };
}

/** One function per kind of gap: what an adapter or the background reports it could not read, check or store. */
export const gap = {
  refused: (reason: string) => report('refused', 1, [], reason),
  statesSkipped: (states: number) => report('states-skipped', states),
  responsesUnread: (responses: number) => report('responses-unread', responses),
  /** The servers that failed, and the members whose keys they held. */
  keysWithheld: (servers: readonly string[], users: readonly string[]) => report('keys-withheld', users.length, [...users, ...servers]),
  keysMissing: (users: readonly string[]) => report('keys-missing', users.length, users),
  overLimit: (what: string, detail: string | null = null) => report('over-limit', 1, [what], detail),
  writeFailed: (what: string, error: string) => report('write-failed', 1, [what], error),
  unseen: (where: readonly string[], detail: string | null = null) => report('unseen', where.length, where, detail),
};

/**
 * The gap of a report read and checked but not taken in: over a limit of the store (its own alert says so), not
 * written (storage failed: missed for the rest of the document, whatever the next read finds), or refused.
 */
export function notTakenIn(origin: string, failure: { reason: string; overLimit?: boolean; writeFailed?: boolean }): GapReport {
  if (failure.writeFailed) return gap.writeFailed('the trust store', failure.reason);
  return failure.overLimit ? gap.overLimit(origin, failure.reason) : gap.refused(failure.reason);
}

/** The last observation KeyWatch read and took in, in this document. */
export interface CoverageRead {
  at: number;
  /** The trust store key of the conversation it showed. */
  conversationKey: string;
  adapter: 'page-protocol' | 'matrix';
  /** For Matrix: when each kind of response was last read in this document. */
  responses: Partial<Record<MatrixResponse, number>>;
}

/** The coverage of one tab's document (stored per tab in storage.session). */
export interface TabCoverage {
  /** The page's address without its fragment: a report from another document starts a new record. */
  document: string;
  /** The reporting document's id (src/content/document-id.ts) when known: it, not the address, says which document. */
  documentId?: string | null;
  lastRead: CoverageRead | null;
  gaps: CoverageGap[];
}

/** What a report tells about coverage: whether it was read and taken in, and what it could not. */
export interface CoverageReport {
  document: string;
  /** The reporting document's id, when known. */
  documentId?: string | null;
  read: { conversationKey: string; reader: CoverageReader } | null;
  gaps: readonly GapReport[];
}

export const documentOf = (url: string) => url.split('#')[0]!;

/**
 * Whether a coverage record speaks for this document: by its id when both are known (a page that changes its own
 * address with the History API is still the same document, and keeps what it missed), else by its address.
 */
export function sameDocument(record: Pick<TabCoverage, 'document' | 'documentId'>, document: string, documentId: string | null): boolean {
  const recorded = record.documentId ?? null;
  return recorded !== null && documentId !== null ? recorded === documentId : record.document === document;
}

/** The record after one report: a read clears the gaps that last until the next read; each gap reported is coalesced by kind. */
export function applyCoverageReport(record: TabCoverage | null, next: CoverageReport, now: number): TabCoverage {
  const same = record !== null && sameDocument(record, next.document, next.documentId ?? null);
  let lastRead = same ? record.lastRead : null;
  let gaps = same ? record.gaps : [];
  if (next.read) {
    const { reader, conversationKey } = next.read;
    const responses = reader.adapter === 'matrix' && lastRead?.adapter === 'matrix' ? { ...lastRead.responses } : {};
    if (reader.adapter === 'matrix' && reader.response !== null) responses[reader.response] = now;
    lastRead = { at: now, conversationKey, adapter: reader.adapter, responses };
    gaps = gaps.filter((g) => GAP_KINDS[g.kind].lasts === 'document');
  }
  for (const added of next.gaps) gaps = withGap(gaps, added, now);
  return { document: next.document, ...(next.documentId ? { documentId: next.documentId } : {}), lastRead, gaps };
}

function withGap(gaps: readonly CoverageGap[], added: GapReport, now: number): CoverageGap[] {
  const before = gaps.find((g) => g.kind === added.kind);
  if (!before) return [...gaps, { ...added, occurrences: 1, first: now, last: now }];
  const sums = GAP_KINDS[added.kind].lasts === 'document';
  const merged: CoverageGap = {
    kind: added.kind,
    count: sums ? Math.min(Number.MAX_SAFE_INTEGER, before.count + added.count) : added.count,
    occurrences: Math.min(Number.MAX_SAFE_INTEGER, before.occurrences + 1),
    subjects: sums ? subjectList([...before.subjects, ...added.subjects]) : added.subjects,
    detail: added.detail ?? before.detail,
    first: before.first,
    last: now,
  };
  return gaps.map((g) => (g === before ? merged : g));
}

/** The coverage line's content for the conversation a tab shows. */
export interface CoverageView {
  /** The last observation read in this tab, or null when none was (in this document). */
  lastRead: { at: number; adapter: 'page-protocol' | 'matrix'; responses: Array<{ response: MatrixResponse; at: number }> } | null;
  /** A report from this tab is being checked right now. */
  pending: boolean;
  /** Everything not read, checked or stored, loudest (blocking) first. */
  gaps: CoverageGap[];
}

export function coverageView(record: TabCoverage | null, pending: boolean): CoverageView {
  const read = record?.lastRead ?? null;
  return {
    lastRead: read && {
      at: read.at,
      adapter: read.adapter,
      responses: MATRIX_RESPONSES.flatMap((response) =>
        read.responses[response] === undefined ? [] : [{ response, at: read.responses[response]! }],
      ),
    },
    pending,
    gaps: [...(record?.gaps ?? [])].sort((a, b) => Number(GAP_KINDS[b.kind].blocks) - Number(GAP_KINDS[a.kind].blocks) || b.last - a.last),
  };
}
