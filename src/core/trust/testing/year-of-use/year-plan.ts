// Who and what a year of use is made of, before anything is ingested: the
// people with their timelines, the conversations with their membership, and
// the days of the user's verifications. At scale 1: 4,998 people besides the
// account holder, 50 conversations (groups of 1,000, 800 and 500, twelve of
// 225 of different people, 35 small ones of people seen elsewhere or nowhere
// else, most of them direct); 411 people change identity key two to four
// times, devices come and go, people join, leave and come back, a few ghost
// devices show for a week, and 200 people are verified in person.

import type { DeviceView, RosterSnapshot } from '../../../roster';
import { churn, type ConversationPlan } from './conversations';
import { timeline, type KeyMaker, type Person, type PersonPlan } from './people';
import { Random } from './random';

export const YEAR_DAYS = 365;

export interface YearPlan {
  origin: string;
  account: string;
  largest: RosterSnapshot;
  people: Map<string, Person>;
  /** The largest first. */
  conversations: ConversationPlan[];
  /** People with an unsigned device for a week from this day. */
  ghosts: Map<string, number>;
  /** The day each of 200 people is verified in person. */
  verifyDays: Map<string, number>;
}

const FIRST = [
  'Ada',
  'Benedikt',
  'Chloé',
  'Dmitri',
  'Eun-ji',
  'Farah',
  'Gustavo',
  'Hanako',
  'Inès',
  'Jonas',
  'Kofi',
  'Lena',
  'Mateo',
  'Nour',
  'Olga',
  'Priya',
];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Haddad', 'Novák', 'Silva', 'Kowalski', 'Nguyen', 'Fischer', 'Rossi', 'Adeyemi'];
const TOPICS = [
  'Platform',
  'Design reviews',
  'Release train',
  'Support rota',
  'Field office',
  'Research',
  'Security',
  'Finance',
  'Hiring',
  'Data',
  'Mobile',
  'Infrastructure',
];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function planYear(options: { seed: number; scale: number; origin: string; largest?: RosterSnapshot }, key: KeyMaker): YearPlan {
  const random = new Random(options.seed);
  const n = (count: number) => Math.max(1, Math.round(count * options.scale));
  const letters = (length: number) => Array.from({ length }, () => random.pick([...LETTERS])).join('');
  const host = new URL(options.origin).hostname;
  const device = (owner: string): DeviceView => {
    const id = letters(10);
    return { id, key: key(`${owner}/device/${id}`), vouch: 'signed', encryptedTo: true };
  };

  const largest = options.largest ?? madeUp(options.origin, host, n(1000), key);
  const account = largest.account;
  const given = new Map(largest.participants.map((p) => [p.id, p]));

  // People: those of the largest conversation, then everyone else, with Matrix-style ids.
  const ids = largest.participants.filter((p) => p.id !== account).map((p) => p.id);
  const names = new Map<string, string>(largest.participants.map((p) => [p.id, p.name]));
  for (let i = ids.length; i < n(4998); i++) {
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    const id = `@${first
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z-]/g, '')}.${last
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}.${i}:${host}`;
    ids.push(id);
    names.set(id, `${first} ${last}`);
  }

  // Conversations: the largest, then groups of 800 and 500 and twelve of 225, each of different people; 35 small ones.
  const conversations: ConversationPlan[] = [
    { ...largest.conversation, start: random.int(0, 20), members: largest.participants.map((p) => p.id), absent: new Map() },
  ];
  let next = largest.participants.length - 1;
  [n(800), n(500), ...Array.from({ length: 12 }, () => n(225))].forEach((size, i) => {
    const members = ids.slice(next, next + size - 1);
    next += size - 1;
    conversations.push({
      id: `!${letters(18)}:${host}`,
      title:
        i === 0
          ? 'Everyone at the company — announcements and questions'
          : i === 1
            ? 'Engineering — all teams, all time zones'
            : `${TOPICS[(i - 2) % TOPICS.length]} working group (cross-team)`,
      kind: 'group',
      start: random.int(0, i < 2 ? 30 : 200),
      members: [account, ...members],
      absent: new Map(),
    });
  });
  const elsewhere = ids.slice(next); // people seen only in small conversations
  for (let i = 0; i < 35; i++) {
    const direct = i < 25;
    const pool = elsewhere.length > 0 && random.chance(0.5) ? elsewhere : ids;
    const members = direct ? [random.pick(pool)] : random.sample(pool, random.int(2, 7));
    conversations.push({
      id: `!${letters(18)}:${host}`,
      title: direct ? names.get(members[0]!)! : `Lunch plans and weekend hikes, group ${i}`,
      kind: direct ? 'direct' : 'group',
      start: random.int(0, 330),
      members: [account, ...new Set(members)],
      absent: new Map(),
    });
  }
  for (const id of elsewhere) if (!conversations.some((c) => c.members.includes(id))) conversations.at(-1)!.members.push(id);
  const groups = conversations.length - 35; // the largest, 800, 500 and the twelve of 225: people come and go
  conversations.forEach((c, i) => {
    if (i < groups) churn(c, random, { join: 0.08, leave: 0.08, back: 0.5, allThereAtTheEnd: i === 0 }, YEAR_DAYS - 1);
  });

  // Each person's events, after they are first seen: key changes (each with new devices), devices added and removed.
  const firstDay = new Map<string, number>();
  for (const c of conversations)
    for (const id of c.members) {
      const joined = (c.absent.get(id) ?? []).find(([from]) => from === -Infinity)?.[1] ?? c.start;
      firstDay.set(id, Math.min(firstDay.get(id) ?? Infinity, Math.max(joined, c.start)));
    }
  /** A day after the person is first seen, in a week of its own among `taken` while weeks are left. */
  const later = (id: string, taken: Set<number>) => {
    const from = Math.min(firstDay.get(id)! + 7, YEAR_DAYS - 1);
    const weeksLeft = Math.floor((YEAR_DAYS - 1) / 7) - Math.floor(from / 7) + 1;
    for (;;) {
      const day = random.int(from, YEAR_DAYS - 1);
      if (!taken.has(Math.floor(day / 7)) || taken.size >= weeksLeft) {
        taken.add(Math.floor(day / 7));
        return day;
      }
    }
  };
  const keyChangers = new Set(
    random.sample(
      ids.filter((id) => firstDay.get(id)! <= 200),
      n(411),
    ),
  );
  const people = new Map<string, Person>();
  for (const id of ids) {
    const taken = new Set<number>();
    const events: PersonPlan['events'] = [];
    if (keyChangers.has(id)) for (let k = random.int(2, 4); k > 0; k--) events.push({ day: later(id, taken), kind: 'key-change' });
    if (random.chance(0.7)) events.push({ day: later(id, taken), kind: 'device-added' });
    if (random.chance(0.7)) events.push({ day: later(id, taken), kind: 'device-removed' });
    const last = given.get(id) ?? {
      identityKey: key(`${id}/identity/last`),
      devices: Array.from({ length: random.int(1, 4) }, () => device(id)),
    };
    people.set(
      id,
      timeline({ id, name: names.get(id)!, events, last: { identityKey: last.identityKey!, devices: last.devices } }, key, random),
    );
  }
  const self = given.get(account)!;
  people.set(account, {
    id: account,
    name: self.name,
    epochs: [{ from: -Infinity, identityKey: self.identityKey!, devices: self.devices }],
    keyChanges: [],
  });

  const outside = ids.filter((id) => !given.has(id));
  const ghosts = new Map(random.sample(outside, n(8)).map((id) => [id, later(id, new Set())]));
  const verifyDays = new Map(random.sample(ids, n(200)).map((id) => [id, later(id, new Set())]));
  return { origin: options.origin, account, largest, people, conversations, ghosts, verifyDays };
}

/** The largest conversation when the caller gives none: `size` people with made-up keys, the account holder first. */
function madeUp(origin: string, host: string, size: number, key: KeyMaker): RosterSnapshot {
  return {
    messenger: origin,
    adapter: 'matrix',
    account: `@alex.morgan:${host}`,
    conversation: { id: `!allhands:${host}`, title: 'All hands', kind: 'group' },
    participants: Array.from({ length: size }, (_, i) => {
      const id = i === 0 ? `@alex.morgan:${host}` : `@member.${i}:${host}`;
      return {
        id,
        name: i === 0 ? 'Alex Morgan' : `Member ${i}`,
        identityKey: key(`${id}/identity/last`),
        identityProblem: null,
        shown: true,
        isSelf: i === 0,
        devices: [{ id: 'PHONEDEVICE', key: key(`${id}/device/last`), vouch: 'signed', encryptedTo: true }],
      };
    }),
    problems: [],
  };
}
