import { beforeEach, describe, expect, it } from 'vitest';
import type { Messages } from '../messages';
import { disclosureText, forgetAllDisclosureBases } from '../background/disclosure-bases';
import { BackgroundLife } from './background-life';
import { DisclosureSender } from './disclosure-sender';

type Request = Messages['page/disclosure']['request'];
type Response = Messages['page/disclosure']['response'];

const DOC = 'c'.repeat(32);
const TAB = 3;

/** The background's receiving side as the handler uses it: what text it took from each message. */
function background(document: string | null = DOC) {
  const taken: string[] = [];
  const sent: Request[] = [];
  const send = async (request: Request): Promise<Response> => {
    sent.push(request);
    const result = await disclosureText(TAB, document, request);
    if (!('text' in result)) return result;
    taken.push(result.text);
    return { ok: true, banner: [], held: result.held };
  };
  return { taken, sent, send };
}

function roster(members: number, extra: string): string {
  const people = Array.from({ length: members }, (_, i) => ({ id: `member-${i}`, devices: [{ id: 'd1', key: `key-${i}` }] }));
  return JSON.stringify({ version: 1, participants: people, extra });
}

/** A background's life as the sender sees it: ports that close when `stop` is called. */
class Life extends BackgroundLife {
  opened = 0;
  private close: (() => void) | null = null;
  constructor() {
    super((onClosed) => {
      this.opened++;
      this.close = onClosed;
    });
  }
  /** The background stopped: its port closes. */
  stop(): void {
    this.close?.();
    this.close = null;
  }
}

describe('DisclosureSender', () => {
  beforeEach(() => forgetAllDisclosureBases());

  it('sends the first text whole and later ones as small changes the background rebuilds exactly', async () => {
    const bg = background();
    const sender = new DisclosureSender(bg.send, new Life());
    const texts = [roster(1000, ''), roster(1000, 'one more device'), roster(1000, 'two more devices')];
    for (const text of texts) await sender.report(text, 0);
    expect(bg.taken).toEqual(texts);
    expect(typeof bg.sent[0]!.text).toBe('string');
    for (const later of bg.sent.slice(1)) {
      expect(typeof later.text).toBe('object');
      expect(JSON.stringify(later).length).toBeLessThan(300);
    }
  });

  it('sends the text whole again when the worker stopped in between', async () => {
    const bg = background();
    const sender = new DisclosureSender(bg.send, new Life());
    await sender.report(roster(50, 'a'), 0);
    forgetAllDisclosureBases();
    const reply = await sender.report(roster(50, 'b'), 2);
    expect(reply).toMatchObject({ ok: true });
    expect(bg.taken).toEqual([roster(50, 'a'), roster(50, 'b')]);
    // A change asked for whole, then the whole text, with the same count of skipped states.
    expect(bg.sent.slice(1).map((r) => [typeof r.text, r.skipped])).toEqual([
      ['object', 2],
      ['string', 2],
    ]);
  });

  it('never lets the background take a text the page did not show, whatever is lost or restarted', async () => {
    const bg = background();
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Two senders of one document (a script injected twice) and replies lost after the background took the text.
    const flaky = async (request: Request) => {
      const reply = await bg.send(request);
      if (next() < 0.2) throw new Error('the reply was lost');
      return reply;
    };
    const lives = [new Life(), new Life()];
    const senders = [new DisclosureSender(flaky, lives[0]!), new DisclosureSender(flaky, lives[1]!)];
    const shown: string[] = [];
    for (let round = 0; round < 200; round++) {
      // The background stops: the senders' ports close, or not yet (the port's closing can come after the next report).
      if (next() < 0.1) {
        forgetAllDisclosureBases();
        for (const life of lives) if (next() < 0.5) life.stop();
      }
      // Texts of one length that differ in different places, so that an edit made against one
      // text would, applied to another, give a text of the right length but the wrong content.
      const member = round % 2 === 0 ? (round / 2) % 10 : 10 + (((round - 1) / 2) % 10);
      const text = roster(20, 'x').replace(`key-${member}"`, `KEY-${member}"`);
      // In turns first (their numbers then coincide), then at random.
      const sender = senders[round < 100 ? round % 2 : next() < 0.5 ? 0 : 1]!;
      const before = bg.taken.length;
      await sender.report(text, 0).catch(() => undefined);
      // Whatever the background took for this report is the page's text, exactly.
      for (const taken of bg.taken.slice(before)) expect(taken).toBe(text);
      if (bg.taken.length > before) shown.push(text);
    }
    expect(shown.length).toBeGreaterThan(100);
  });

  it('sends the text whole at once after the background stopped and its port closed: no change, no second trip', async () => {
    const bg = background();
    const life = new Life();
    const sender = new DisclosureSender(bg.send, life);
    await sender.report(roster(50, 'a'), 0);
    await sender.report(roster(50, 'b'), 0);
    forgetAllDisclosureBases();
    life.stop();
    await sender.report(roster(50, 'c'), 1);
    await sender.report(roster(50, 'd'), 0);
    expect(bg.sent.map((r) => typeof r.text)).toEqual(['string', 'object', 'string', 'object']);
    expect(bg.taken).toEqual([roster(50, 'a'), roster(50, 'b'), roster(50, 'c'), roster(50, 'd')]);
    // One port for each background: opened with the first report, and again with the first after it closed.
    expect(life.opened).toBe(2);
  });

  it('sends a report before it opens the port a woken background would take first', async () => {
    const bg = background();
    const order: string[] = [];
    const send = (request: Request) => (order.push(typeof request.text === 'string' ? 'whole text' : 'change'), bg.send(request));
    const life = new BackgroundLife(() => order.push('port'));
    const sender = new DisclosureSender(send, life);
    await sender.report(roster(10, 'a'), 0);
    await sender.report(roster(10, 'b'), 0);
    expect(order).toEqual(['whole text', 'port', 'change']);
  });

  it('sends whole texts only when the background keeps no base (no document id)', async () => {
    const bg = background(null);
    const sender = new DisclosureSender(bg.send, new Life());
    await sender.report(roster(10, 'a'), 0);
    await sender.report(roster(10, 'b'), 0);
    expect(bg.sent.map((r) => typeof r.text)).toEqual(['string', 'string']);
    expect(bg.taken).toEqual([roster(10, 'a'), roster(10, 'b')]);
  });
});

describe('BackgroundLife', () => {
  it('opens one port while it stays open, and a new one, at the next watch, once it closed', () => {
    const closers: Array<() => void> = [];
    const life = new BackgroundLife((onClosed) => closers.push(onClosed));
    const first = life.watch();
    expect(life.watch()).toBe(first);
    expect(closers).toHaveLength(1);
    closers[0]!();
    expect(first.running).toBe(false);
    const second = life.watch();
    expect(second.running).toBe(true);
    expect(closers).toHaveLength(2);
    // A port of a background gone before cannot close the new one's.
    closers[0]!();
    expect(second.running).toBe(true);
  });

  it('says the background is not running when no port can be opened (the extension went away)', () => {
    const life = new BackgroundLife(() => {
      throw new Error('Extension context invalidated.');
    });
    expect(life.watch().running).toBe(false);
  });
});
