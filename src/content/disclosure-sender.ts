// Sends the page's disclosure text to the background with as little work on the
// page's thread as it can. Copying a whole text into a message is what costs the
// page (a 1,000-member roster is ~370 KB, serialized on the page's thread), and a
// page usually changes a few members at a time. So once the background holds a
// text of this document, each report is sent as its edit from that text, named
// by the number this script gave it and the digest the background computed of
// it (no hashing here). The background asks for the whole text when it does not
// hold that base (a stopped worker forgets it); then it is sent whole. A base is
// kept only while the background that took it runs (background-life.ts): after
// it stopped, the next text goes whole at once, without the round trip.
import type { DisclosureChange, Messages, NeedsWhole, TextMark } from '../messages';
import { editBetween } from '../core/text-change';
import type { BackgroundLife, LifeToken } from './background-life';

type Request = Messages['page/disclosure']['request'];
type Response = Messages['page/disclosure']['response'];

/** An edit worth sending instead of the whole: at most this share of the new text. */
const MAX_EDIT_SHARE = 0.5;

export function needsWhole(reply: Response): reply is NeedsWhole {
  return !reply.ok && 'needsWhole' in reply && reply.needsWhole === true;
}

export class DisclosureSender {
  /** The text the background last said it holds for this document, and that background's life. */
  private base: { mark: TextMark; text: string; life: LifeToken } | null = null;
  private seq = 0;

  constructor(
    private readonly send: (request: Request) => Promise<Response>,
    private readonly life: Pick<BackgroundLife, 'watch'>,
  ) {}

  /** Sends `text`; the background's answer to it (a request for the whole text is answered here). */
  async report(text: string, skipped: number): Promise<Response> {
    const seq = ++this.seq;
    const change = this.base?.life.running ? this.changeFrom(this.base, text) : null;
    // Until the answer names what the background holds, there is no base to build on.
    this.base = null;
    const sent = this.send({ adapter: 'page-protocol', text: change ?? text, skipped, seq });
    // Watched as the report goes, not before it: a stopped background is woken by the report, and a port opened first
    // reached it first, the report waiting behind. Should the background that answers stop at any time after, the
    // token says so.
    const life = this.life.watch();
    let reply = await sent;
    if (change && needsWhole(reply)) reply = await this.send({ adapter: 'page-protocol', text, skipped, seq });
    const held = !needsWhole(reply) ? reply.held : undefined;
    if (held?.seq === seq) this.base = { mark: held, text, life };
    return reply;
  }

  private changeFrom(base: { mark: TextMark; text: string }, text: string): DisclosureChange | null {
    const edit = editBetween(base.text, text);
    if (edit.middle.length > text.length * MAX_EDIT_SHARE) return null;
    return { base: base.mark, ...edit, length: text.length };
  }
}
