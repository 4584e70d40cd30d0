// The popup's view of a tab, built from storage only: the conversation record
// with its roster, the contact record of each person on it, and the alerts about
// them, found through the open-alert indexes (only the alerts the view carries are read).
import {
  contactKey,
  ContactRecordSchema,
  readConversation,
  readWith,
  rosterAllVerified,
  SEVERITY_ORDER,
  trustOfListedKey,
  type ContactRecord,
  type ConversationWithRoster,
  type OpenAlertEntry,
  type StoreRead,
  type TrustState,
} from '../core/trust';
import type { PublicKeyRef } from '../core/roster';
import { readKeys } from '../platform/storage';
import { carriedAlerts } from './carried-alerts';
import { openAlertsOf, type OpenAlerts } from './open-alerts';
import { firstInDisplayOrder } from '../view/participant-order';
import { lookAlikes } from '../view/look-alike';
import { shownText } from '../core/display/page-text';
import { skeleton } from '../core/display/skeleton';
import { STORE_PROBLEM_KEY } from './store-maintenance';
import { planWithStore } from './store';
import type { ShownTabState } from './tab-document';
import { MAX_UNCHECKED_KEPT, type TabState } from './tab-state';
import { isPending, readTabCoverage } from './tab-coverage';
import { coverageView, documentOf } from '../view/coverage';
import { notCheckedReasons, standingOf } from '../view/standing';
import {
  INFO_NOTICES_CARRIED,
  type ParticipantRow,
  type Severity,
  type TabView,
  type TabViewHead,
  type TabViewStart,
} from '../view/tab-view';

function worse(a: Severity | null, b: Severity): Severity {
  return a === null || SEVERITY_ORDER[b] > SEVERITY_ORDER[a] ? b : a;
}

/** The conversation a tab shows, read once for either view; `conversation` is null when there is none to show. */
interface TabData {
  head: TabViewHead;
  conversation: ConversationWithRoster | null;
  rosterComplete: boolean;
  open: OpenAlerts;
}

const NO_OPEN_ALERTS: OpenAlerts = { entries: [], byMember: new Map(), alerts: [] };

/** The alerts the view carries whole: every warning and critical one, and the newest information notices. */
function carried(entries: readonly OpenAlertEntry[]): OpenAlertEntry[] {
  const info = entries.filter((e) => e.severity === 'info').sort((a, b) => b.lastRaised - a.lastRaised);
  return [...entries.filter((e) => e.severity !== 'info'), ...info.slice(0, INFO_NOTICES_CARRIED)];
}

/**
 * The Matrix reader sees the responses of the page's fetch and XHR, in the top
 * frame and in frames of the same site; it cannot see a web worker's requests,
 * nor a frame of another site's. The page protocol is a disclosure: nothing else to say.
 */
function blindSpotsOf(state: TabState): string[] {
  return state.adapter === 'matrix' ? ['coverageMatrixUnseen'] : [];
}

/** The tab's conversation and its open alerts; `choose` picks the alerts whose records are read (the rest are counted). */
async function readTabData(
  tabId: number,
  state: ShownTabState,
  choose: (entries: readonly OpenAlertEntry[]) => OpenAlertEntry[],
): Promise<TabData> {
  const storeProblem = (await readKeys('session', [STORE_PROBLEM_KEY]))[STORE_PROBLEM_KEY];
  const head: TabViewHead = {
    origin: state.origin,
    problem: typeof storeProblem === 'string' ? storeProblem : state.problem,
    conversation: null,
    account: null,
    standing: 'not-checked',
    notChecked: [{ kind: 'not-read' }],
    coverage: null,
    updatedAt: state.updatedAt,
    ...(state.unchecked?.length ? { uncheckedMembers: state.unchecked.length } : {}),
    blindSpots: blindSpotsOf(state),
  };
  if (!state.conversationKey) return { head, conversation: null, rosterComplete: true, open: NO_OPEN_ALERTS };
  const conversationKey = state.conversationKey;
  const found = await planWithStore((read) => readConversation(read, conversationKey));
  if (found.status !== 'ok') {
    return {
      head: { ...head, problem: head.problem ?? 'the saved record of this conversation is damaged' },
      conversation: null,
      rosterComplete: false,
      open: NO_OPEN_ALERTS,
    };
  }
  const conversation = found.value;
  const open = await openAlertsOf(conversation, choose);
  const coverage = await readTabCoverage(tabId);
  const pending = isPending(tabId);
  const facts = {
    conversationKey,
    coverage,
    document: documentOf(state.url),
    documentId: state.document ?? null,
    pending,
    rosterComplete: found.problems.length === 0,
    remembered: state.remembered === true,
    unconfirmed: state.unconfirmed === true,
  };
  // Live: the contacts' trust now, so a trust action shows at once, not at the next snapshot. It decides the
  // standing only over a complete, fresh roster that is not degraded, with no critical alert of the conversation
  // open (what raised it may be gone from the roster, or shown in another tab only, and the user has not seen to
  // it yet); otherwise no contact is read for it.
  const allVerifiedNow =
    conversation.level !== 'degraded' &&
    notCheckedReasons(facts).length === 0 &&
    !open.entries.some((entry) => entry.severity === 'critical') &&
    (await planWithStore((read) => rosterAllVerified(conversation.roster, trustNow(read, conversation), conversation.problems)));
  const standing = standingOf({ storedLevel: conversation.level, allVerifiedNow, ...facts });
  return {
    head: {
      ...head,
      problem: head.problem ?? (found.problems.length > 0 ? 'part of the saved roster of this conversation could not be read' : null),
      conversation: { id: conversation.conversationId, title: conversation.title, kind: conversation.kind },
      account: conversation.account,
      ...standing,
      coverage: coverageView(coverage, pending),
    },
    conversation,
    rosterComplete: found.problems.length === 0,
    open,
  };
}

/** A contact's trust as stored now, for the key this roster lists (rosterAllVerified passes the member's index). */
function trustNow(read: StoreRead, conversation: ConversationWithRoster) {
  return (contactId: string, at: number) => {
    const stored = readWith(read, contactKey(conversation.origin, conversation.account, contactId), ContactRecordSchema);
    return stored.status === 'ok' ? trustOfListedKey(stored.value, conversation.roster[at]?.identityKey ?? null) : undefined;
  };
}

/** Each member with the worst open alert about them. */
function withWorst(
  conversation: ConversationWithRoster,
  open: OpenAlerts,
): Array<{ member: ConversationWithRoster['roster'][number]; worst: Severity | null; isSelf: boolean }> {
  const worstOf = (id: string) => (open.byMember.get(id) ?? []).reduce<Severity | null>((w, e) => worse(w, e.severity), null);
  return conversation.roster.map((member) => ({ member, worst: worstOf(member.id), isSelf: member.isSelf }));
}

function participantRows(
  read: StoreRead,
  conversation: ConversationWithRoster,
  members: ReturnType<typeof withWorst>,
  unchecked: Unchecked,
  accountDevice: string | null,
): ParticipantRow[] {
  return members.map(({ member, worst }) => {
    // Shares the store's verdicts: an unchanged contact is not checked again on each open.
    const stored = readWith(read, contactKey(conversation.origin, conversation.account, member.id), ContactRecordSchema);
    const contact: ContactRecord | undefined = stored.status === 'ok' ? stored.value : undefined;
    return {
      id: member.id,
      name: nameOrId(contact?.name, member.id),
      isSelf: member.isSelf,
      shown: member.shown,
      identityKey: member.identityKey,
      identityProblem: contact?.invalidReason ?? (member.identityKey ? null : 'no usable identity key'),
      devices: member.devices.map((d) => ({
        id: d.id,
        key: d.key,
        vouch: d.vouch,
        encryptedTo: d.encryptedTo,
        thisBrowser: member.isSelf && d.id === accountDevice,
      })),
      trust: rowTrust(contact, member.identityKey, unchecked.has(member.id) || unchecked.cut),
      worst,
      ...(unchecked.has(member.id) ? { notChecked: true } : {}),
      lookAlike: null,
    };
  });
}

/** The members not checked, and whether the list was cut (then any member without keys may be one of them). */
function uncheckedOf(state: ShownTabState): Unchecked {
  const listed = new Set(state.unchecked);
  return { has: (id) => listed.has(id), cut: listed.size >= MAX_UNCHECKED_KEPT };
}

interface Unchecked {
  has(id: string): boolean;
  cut: boolean;
}

/**
 * The trust a row shows. A member listed without a usable key whose keys were read (not merely not fetched yet) has
 * no key their trust could speak for: never shown verified, whatever the contact's stored trust.
 */
function rowTrust(contact: ContactRecord | undefined, listed: PublicKeyRef | null, notChecked: boolean): TrustState {
  if (!contact) return 'unkeyed';
  if (listed === null && !notChecked && contact.trust !== 'unkeyed') return 'invalid';
  return trustOfListedKey(contact, listed);
}

/** A name that shows nothing (empty, or only characters with no glyph of their own) is no name: the id stands in for it. */
const nameOrId = (name: string | undefined, id: string) => (name && shownText(name) !== '' && skeleton(name) !== '' ? name : id);

/**
 * Marks the rows whose name needs the id beside it, judged against every
 * member of the conversation (by the name this conversation gave them, and the
 * name a row shows when it differs), not only the rows at hand.
 */
function withLookAlikes(conversation: ConversationWithRoster, rows: ParticipantRow[]): ParticipantRow[] {
  const shown = new Map(rows.map((row) => [row.id, row.name]));
  const found = lookAlikes(
    conversation.roster.map((member) => {
      const named = nameOrId(member.name, member.id);
      return { id: member.id, names: [...new Set([named, shown.get(member.id) ?? named])] };
    }),
  );
  return rows.map((row) => ({ ...row, lookAlike: found.get(row.id) ?? null }));
}

export async function buildTabView(tabId: number, state: ShownTabState): Promise<TabView> {
  const { head, conversation, rosterComplete, open } = await readTabData(tabId, state, carried);
  if (!conversation) return { ...head, participants: [], rosterComplete, alerts: [], infoNotices: 0 };
  return {
    ...head,
    participants: withLookAlikes(
      conversation,
      await planWithStore((read) =>
        participantRows(read, conversation, withWorst(conversation, open), uncheckedOf(state), state.accountDevice ?? null),
      ),
    ),
    rosterComplete,
    ...carriedAlerts(open.alerts),
    infoNotices: open.entries.filter((e) => e.severity === 'info').length,
  };
}

export async function buildTabViewStart(tabId: number, state: ShownTabState, rows: number): Promise<TabViewStart> {
  // The first rows need each member's worst severity only: no alert record is read.
  const { head, conversation, open } = await readTabData(tabId, state, () => []);
  if (!conversation) return { ...head, firstRows: [], participantCount: 0 };
  const first = firstInDisplayOrder(withWorst(conversation, open), rows);
  return {
    ...head,
    firstRows: withLookAlikes(
      conversation,
      await planWithStore((read) => participantRows(read, conversation, first, uncheckedOf(state), state.accountDevice ?? null)),
    ),
    participantCount: conversation.roster.length,
  };
}
