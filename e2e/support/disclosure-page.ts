// Local pages that speak the page protocol, for tests that do not need Courier.
import type { DisclosureObject } from '../../src/adapters/page-protocol/testing/test-fixture';

/** A page whose disclosure can be replaced in place via window.setDisclosure(json). */
export function disclosurePage(title: string, disclosure: DisclosureObject | null): string {
  const json = disclosure ? JSON.stringify(disclosure).replace(/</g, '\\u003c') : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>
${disclosure ? `<script type="application/keywatch+json" id="keywatch-disclosure">${json}</script>` : ''}
<script>
  window.setDisclosure = (text) => {
    let el = document.getElementById('keywatch-disclosure');
    if (!el) {
      el = document.createElement('script');
      el.type = 'application/keywatch+json';
      el.id = 'keywatch-disclosure';
      document.body.append(el);
    }
    el.textContent = text;
  };
</script></body></html>`;
}
