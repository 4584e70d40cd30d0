// Whether the user can see KeyWatch's banner right now. The page owns the
// document around it: it can restyle the host, wrap or cover it, make the whole
// page transparent, or move it off screen. None of that can be prevented from a
// content script, so it is looked for: after page mutations and once a second
// while the banner is up (stylesheet and animation changes make no mutation).
import type { BannerHiddenReason } from '../messages';

/** The smallest bar that still reads as a warning: a line of text, most of a narrow window wide. */
const MIN_HEIGHT = 16;
const MIN_WIDTH = 200;

/** Why the banner is not fully visible on top of the page, or null when it is. */
export function bannerProblem(doc: Document, host: HTMLElement, bar: HTMLElement): BannerHiddenReason | null {
  if (!host.isConnected) return 'removed';
  if (host.parentNode !== doc.documentElement) return 'moved';
  const win = doc.defaultView;
  if (!win) return 'removed';
  // The host's inline style is KeyWatch's and wins over any stylesheet; the root element's
  // opacity, filter, mask and clip still reach every descendant, so both are read.
  for (const element of [host, doc.documentElement]) {
    const style = win.getComputedStyle(element);
    if (style.display === 'none' || style.getPropertyValue('content-visibility') === 'hidden') return 'hidden';
    if (Number(style.opacity) < 0.95 || style.filter !== 'none') return 'transparent';
    if (style.clipPath !== 'none' || (style.getPropertyValue('mask-image') || 'none') !== 'none') return 'clipped';
  }
  if (win.getComputedStyle(host).visibility !== 'visible') return 'hidden';
  const box = bar.getBoundingClientRect();
  if (box.height < MIN_HEIGHT || box.width < Math.min(MIN_WIDTH, win.innerWidth / 2)) return 'too-small';
  if (Math.abs(box.top) > 1 || Math.abs(box.left) > 1 || box.top >= win.innerHeight) return 'off-screen';
  // Whatever the page draws above the bar (a higher element, its own top-layer dialog) is what
  // hit testing finds there; the closed shadow root answers as its host.
  const y = box.top + Math.min(box.height / 2, 12);
  for (const x of [box.left + 8, box.left + box.width / 2, box.right - 8]) {
    if (doc.elementFromPoint(x, y) !== host) return 'covered';
  }
  // Hit testing skips an element with pointer-events: none, so a page's own top-layer element drawn over the bar
  // (opened after it) passes the test above: look for one that overlaps the bar and hit testing cannot see. Only the
  // light DOM's top layer is looked at: one inside a closed shadow root, or a small top-layer box whose children
  // overflow over the bar, is not found (docs/threat-model.md, "The in-page banner").
  for (const other of doc.querySelectorAll(':popover-open, :modal, :fullscreen')) {
    if (other === host || win.getComputedStyle(other).pointerEvents !== 'none') continue;
    const r = other.getBoundingClientRect();
    if (r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top) return 'covered';
  }
  return null;
}
