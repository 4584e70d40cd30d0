// The in-page warning for critical alerts. The page owns the document it sits
// in, so this is what the banner does and does not promise:
// - No custom element: a plain <div> host the page cannot pre-define, with a
//   closed shadow root, so the page cannot restyle its inside.
// - The host's own style is inline and !important (it wins over every page
//   stylesheet), and the bar sits in the top layer where the browser allows.
// - The page can still remove, restyle, wrap, cover or fade it, and it can read
//   that a banner is there. KeyWatch checks after page mutations and every
//   second while it is up (src/content/banner-check.ts); when the user could
//   not see it, it is put back where it can be and the background is told,
//   which then says so elsewhere: a system notification and a mark on the
//   tab's badge.
// - Its words are drawn as generated content, not text nodes, so find in page
//   and window.find do not match them.
// - It only ever shows bad news: KeyWatch never shows a green or "all verified"
//   banner, so any such banner is the page's.
import type { BannerAlert, BannerHiddenReason } from '../messages';
import { applyPageLanguage } from '../ui/page-language';
import { bannerProblem } from './banner-check';
import { pageString } from './page-strings';

const HOST_STYLE = [
  'all: initial',
  'display: block',
  'position: fixed',
  'inset: 0 0 auto 0',
  'width: auto',
  'height: auto',
  'margin: 0',
  'padding: 0',
  'border: 0',
  'z-index: 2147483647',
  'visibility: visible',
  'opacity: 1',
  'pointer-events: auto',
  'transform: none',
  'filter: none',
  'clip-path: none',
  'mask: none',
  'transition: none',
  'animation: none',
  'overflow: visible',
  'background: transparent',
]
  .map((rule) => `${rule} !important;`)
  .join(' ');

const STYLE = `
.bar { display: flex; gap: 12px; align-items: flex-start; padding: 10px 16px; background: #a40e26; color: #fff;
  font: 600 14px/1.4 system-ui, sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.4); }
.text { flex: 1; }
ul { margin: 4px 0 0; padding-inline-start: 18px; font-weight: 400; }
[data-text]::before { content: attr(data-text); }
li { unicode-bidi: isolate; }
button { font: inherit; color: #a40e26; background: #fff; border: 0; border-radius: 4px; padding: 4px 10px; cursor: pointer; }
button:focus-visible { outline: 2px solid #fff; outline-offset: 2px; }
`;

/** The host's attributes; any other is the page's (hidden, inert, a class its stylesheet matches…). */
const OWN_ATTRIBUTES = new Set(['style', 'data-keywatch', 'popover']);

/** How often the banner's visibility is checked while it is up, besides after page mutations. */
const CHECK_EVERY_MS = 1000;
/** Mutations come in bursts on a busy page: one check per burst. */
const MUTATION_DELAY_MS = 100;

export class Banner {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private bar: HTMLElement | null = null;
  private list: HTMLElement | null = null;
  private alerts: BannerAlert[] = [];
  /** The alerts the bar shows now: the ones its dismiss button dismisses. */
  private shown: BannerAlert[] = [];
  /** Occurrences the user hid (occurrenceOf): the same alert raised again is shown again. */
  private dismissed = new Set<string>();
  private readonly guard: MutationObserver;
  private timer: ReturnType<typeof setInterval> | null = null;
  private pending: ReturnType<typeof setTimeout> | null = null;
  private readonly reported = new Set<BannerHiddenReason>();

  /** `onHidden` tells the background, once per reason and page, that the user could not see the banner. */
  constructor(
    private readonly doc: Document,
    private readonly onHidden: (reason: BannerHiddenReason) => void,
  ) {
    this.guard = new MutationObserver(() => this.checkSoon());
  }

  show(alerts: BannerAlert[]): void {
    this.alerts = alerts;
    this.render();
  }

  private visibleAlerts(): BannerAlert[] {
    return this.alerts.filter((a) => !this.dismissed.has(occurrenceOf(a)));
  }

  private render(): void {
    const visible = this.visibleAlerts();
    if (visible.length === 0) {
      this.stopWatching();
      this.host?.remove();
      this.list = null;
      // The background takes the tab's "!" mark off when the banner has nothing left (banners.ts): a banner shown
      // again and hidden again must be told again.
      this.reported.clear();
      return;
    }
    if (!this.host || !this.root) {
      const host = this.doc.createElement('div');
      try {
        this.root = host.attachShadow({ mode: 'closed' });
      } catch {
        this.report('pre-empted');
        return;
      }
      this.host = host;
    }
    this.shown = visible;
    const lines = visible.slice(0, 3).map((alert) => alert.summary);
    if (visible.length > 3) lines.push(moreLine(visible.length - 3));
    // Another report with the same alerts, the banner in place: the page's thread is spared a redraw.
    if (this.list && this.host.isConnected && sameLines(this.list, lines)) return;
    if (this.list) updateLines(this.doc, this.list, lines);
    else this.draw(lines);
    this.place();
    this.startWatching();
    this.check();
  }

  /** Builds the bar once; later reports change only its lines. */
  private draw(lines: string[]): void {
    const style = this.doc.createElement('style');
    style.textContent = STYLE;
    const bar = this.doc.createElement('div');
    bar.className = 'bar';
    bar.setAttribute('role', 'alert');
    // The shadow root holds no attributes: its outermost element carries the messages' language and direction.
    applyPageLanguage(bar);
    const text = this.doc.createElement('div');
    text.className = 'text';
    const list = this.doc.createElement('ul');
    updateLines(this.doc, list, lines);
    text.append(drawn(this.doc, 'div', pageString('bannerTitle')), list, drawn(this.doc, 'div', pageString('bannerOpenPopup')));
    const dismiss = drawn(this.doc, 'button', pageString('bannerDismiss')) as HTMLButtonElement;
    dismiss.type = 'button';
    // Only the user's own click or key hides it; a script's synthetic event does not.
    const hide = (event: Event) => {
      if (!event.isTrusted) return;
      for (const a of this.shown) this.dismissed.add(occurrenceOf(a));
      this.render();
    };
    dismiss.addEventListener('click', hide);
    // Firefox 140 makes no click of Enter or Space on this button (a trusted keydown reaches it, no click follows):
    // the keys are taken here too. Hiding twice is hiding once.
    dismiss.addEventListener('keydown', (event) => event.key === 'Enter' && hide(event));
    dismiss.addEventListener('keyup', (event) => event.key === ' ' && hide(event));
    bar.append(text, dismiss);
    this.root!.replaceChildren(style, bar);
    this.bar = bar;
    this.list = list;
  }

  /** Puts the host where it belongs: last in the root element, styled by KeyWatch alone, in the top layer when it can be. */
  private place(raise = false): void {
    const host = this.host!;
    for (const name of host.getAttributeNames()) if (!OWN_ATTRIBUTES.has(name)) host.removeAttribute(name);
    host.setAttribute('data-keywatch', 'banner');
    if (host.getAttribute('style') !== HOST_STYLE) host.setAttribute('style', HOST_STYLE);
    if (host.parentNode !== this.doc.documentElement || host.nextSibling !== null) this.doc.documentElement.append(host);
    try {
      // The top layer is above every z-index; only the page's own top-layer elements opened later are above it.
      host.setAttribute('popover', 'manual');
      // Shown again, it goes above whatever the page put in the top layer since.
      if (raise && host.matches(':popover-open')) host.hidePopover();
      if (!host.matches(':popover-open')) host.showPopover();
    } catch {
      host.removeAttribute('popover'); // an older browser: z-index alone
    }
  }

  private startWatching(): void {
    this.guard.disconnect();
    this.guard.observe(this.doc.documentElement, { childList: true, subtree: true, attributes: true });
    this.timer ??= setInterval(() => this.check(), CHECK_EVERY_MS);
  }

  private stopWatching(): void {
    this.guard.disconnect();
    if (this.timer !== null) clearInterval(this.timer);
    if (this.pending !== null) clearTimeout(this.pending);
    this.timer = null;
    this.pending = null;
  }

  private checkSoon(): void {
    this.pending ??= setTimeout(() => {
      this.pending = null;
      this.check();
    }, MUTATION_DELAY_MS);
  }

  /** Reports what kept the banner from the user, then puts it back where it can be seen. */
  private check(): void {
    if (!this.host || !this.bar || this.visibleAlerts().length === 0) return;
    const restyled =
      this.host.getAttribute('style') !== HOST_STYLE || this.host.getAttributeNames().some((name) => !OWN_ATTRIBUTES.has(name));
    const problem = bannerProblem(this.doc, this.host, this.bar);
    if (restyled) this.report('restyled');
    if (problem) this.report(problem);
    if (restyled || problem) {
      this.guard.disconnect(); // our own repair is not the page's mutation
      this.place(problem === 'covered');
      this.startWatching();
    }
  }

  private report(reason: BannerHiddenReason): void {
    if (this.reported.has(reason)) return;
    this.reported.add(reason);
    this.onHidden(reason);
  }
}

/** "and N more": the message looked up once, with a marker where the count goes (each lookup costs the page's thread). */
const COUNT_MARKER = '\u{E000}';
function moreLine(count: number): string {
  return pageString('bannerMore', COUNT_MARKER).replace(COUNT_MARKER, String(count));
}

function sameLines(list: HTMLElement, lines: string[]): boolean {
  const items = list.children;
  return items.length === lines.length && lines.every((line, i) => items[i]!.getAttribute('data-text') === line);
}

/** Makes the list's items read `lines`, touching only those that change. */
function updateLines(doc: Document, list: HTMLElement, lines: string[]): void {
  const items = list.children;
  lines.forEach((line, i) => {
    const item = items[i];
    if (!item) list.append(drawn(doc, 'li', line));
    else if (item.getAttribute('data-text') !== line) item.setAttribute('data-text', line);
  });
  while (items.length > lines.length) items[items.length - 1]!.remove();
}

/** An element whose words are generated content: seen and read aloud, but not found by find in page. */
function drawn(doc: Document, tag: string, words: string): HTMLElement {
  const element = doc.createElement(tag);
  element.setAttribute('data-text', words);
  return element;
}

/** One occurrence of an alert: its id and when it was last raised. */
function occurrenceOf(alert: BannerAlert): string {
  return `${alert.id} ${alert.raised}`;
}
