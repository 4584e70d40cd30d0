// The in-page warning for critical alerts. It lives in a closed shadow root so
// the page can neither read nor restyle it, and it is put back if the page
// removes it. It only points to the popup, which stays the authoritative view.
import type { BannerAlert } from '../messages';
import { applyPageLanguage } from '../ui/page-language';
import { pageString } from './page-strings';

const STYLE = `
:host { all: initial; }
.bar { position: fixed; z-index: 2147483647; top: 0; left: 0; right: 0; display: flex; gap: 12px; align-items: flex-start;
  padding: 10px 16px; background: #a40e26; color: #fff; font: 600 14px/1.4 system-ui, sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.4); }
.text { flex: 1; }
ul { margin: 4px 0 0; padding-inline-start: 18px; font-weight: 400; }
button { font: inherit; color: #a40e26; background: #fff; border: 0; border-radius: 4px; padding: 4px 10px; cursor: pointer; }
button:focus-visible { outline: 2px solid #fff; outline-offset: 2px; }
`;

export class Banner {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private alerts: BannerAlert[] = [];
  private dismissed = new Set<string>();
  private readonly guard: MutationObserver;

  constructor(private readonly doc: Document) {
    // If the page takes the banner out of the document, put it back.
    this.guard = new MutationObserver(() => {
      if (this.host && !this.host.isConnected && this.visibleAlerts().length > 0) this.doc.documentElement.append(this.host);
    });
  }

  show(alerts: BannerAlert[]): void {
    this.alerts = alerts;
    this.render();
  }

  private visibleAlerts(): BannerAlert[] {
    return this.alerts.filter((a) => !this.dismissed.has(a.id));
  }

  private render(): void {
    const visible = this.visibleAlerts();
    if (visible.length === 0) {
      this.host?.remove();
      this.guard.disconnect();
      return;
    }
    if (!this.host || !this.root) {
      this.host = this.doc.createElement('keywatch-banner');
      this.root = this.host.attachShadow({ mode: 'closed' });
    }
    const style = this.doc.createElement('style');
    style.textContent = STYLE;
    const bar = this.doc.createElement('div');
    bar.className = 'bar';
    bar.setAttribute('role', 'alert');
    // The shadow root holds no attributes: its outermost element carries the messages' language and direction.
    applyPageLanguage(bar);
    const text = this.doc.createElement('div');
    text.className = 'text';
    text.append(pageString('bannerTitle'));
    const list = this.doc.createElement('ul');
    for (const alert of visible.slice(0, 3)) {
      const item = this.doc.createElement('li');
      item.textContent = alert.summary; // textContent: page-derived names can never become markup
      list.append(item);
    }
    if (visible.length > 3) {
      const more = this.doc.createElement('li');
      more.textContent = pageString('bannerMore', String(visible.length - 3));
      list.append(more);
    }
    text.append(list, pageString('bannerOpenPopup'));
    const dismiss = this.doc.createElement('button');
    dismiss.type = 'button';
    dismiss.textContent = pageString('bannerDismiss');
    dismiss.addEventListener('click', (event) => {
      // Only a real click by the user hides it; a script's synthetic click does not.
      if (!event.isTrusted) return;
      for (const a of visible) this.dismissed.add(a.id);
      this.render();
    });
    bar.append(text, dismiss);
    this.root.replaceChildren(style, bar);
    if (!this.host.isConnected) this.doc.documentElement.append(this.host);
    this.guard.observe(this.doc.documentElement, { childList: true });
  }
}
