// Page-provided text in KeyWatch's pages: shown without direction controls or
// invisible characters (src/core/display/page-text.ts) and in a <bdi>, which
// isolates it, so a name in any script, or a forged one, cannot reorder or
// restyle the words around it.
import { shownText } from '../core/display/page-text';

export function PageText({ text, class: className, dir }: { text: string; class?: string; dir?: 'ltr' | 'rtl' }) {
  return (
    <bdi class={className} dir={dir}>
      {shownText(text)}
    </bdi>
  );
}
