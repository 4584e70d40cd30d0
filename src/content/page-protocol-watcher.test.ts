import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DISCLOSURE_ELEMENT_ID, DISCLOSURE_MIME_TYPE } from '../adapters/page-protocol/protocol';
import { watchDisclosure, type Report } from './page-protocol-watcher';

// Unit tests run without a DOM: a stand-in with just what the watcher touches, and mutation records
// delivered by hand as a browser would deliver them.
const SELECTOR = `script#${DISCLOSURE_ELEMENT_ID}`;

class FakeElement {
  readonly nodeType = 1;
  constructor(
    readonly localName: string,
    public id: string,
    public type: string,
    public textContent: string,
  ) {}
  getAttribute(name: string) {
    return name === 'type' ? this.type : null;
  }
  matches(selector: string) {
    return selector === SELECTOR && this.localName === 'script' && this.id === DISCLOSURE_ELEMENT_ID;
  }
  closest(selector: string) {
    return this.matches(selector) ? this : null;
  }
  querySelector() {
    return null;
  }
}

let deliver: (records: Partial<MutationRecord>[]) => void;
let observed: MutationObserverInit | undefined;

class FakeObserver {
  constructor(callback: (records: Partial<MutationRecord>[]) => void) {
    deliver = callback;
  }
  observe(_target: unknown, options: MutationObserverInit) {
    observed = options;
  }
  disconnect() {}
}

function page(...elements: FakeElement[]) {
  const doc = {
    documentElement: {},
    defaultView: null,
    querySelectorAll: (selector: string) => elements.filter((e) => e.matches(selector)),
  };
  const reports: Report[] = [];
  watchDisclosure(doc as unknown as Document, (report) => reports.push(report));
  return reports;
}

const disclosure = (text: string) => new FakeElement('script', DISCLOSURE_ELEMENT_ID, DISCLOSURE_MIME_TYPE, text);
const attributeChanged = (target: FakeElement, attributeName: string) =>
  deliver([{ type: 'attributes', target: target as unknown as Node, attributeName, addedNodes: [] as never, removedNodes: [] as never }]);

beforeEach(() => {
  vi.stubGlobal('Element', FakeElement);
  vi.stubGlobal('Node', { TEXT_NODE: 3 });
  vi.stubGlobal('MutationObserver', FakeObserver);
});
afterEach(() => vi.unstubAllGlobals());

describe('watchDisclosure: the element stops being the disclosure', () => {
  it('reports that nothing is disclosed when the page renames the element away', () => {
    const element = disclosure('{"v":"A"}');
    const reports = page(element);
    element.id = 'keywatch-disclosure-old';
    attributeChanged(element, 'id');
    expect(reports).toEqual([
      { kind: 'disclosure', text: '{"v":"A"}' },
      { kind: 'nothing', reason: 'this page discloses no conversation' },
    ]);
  });

  it('reads the one element left when a duplicate is renamed away', () => {
    const kept = disclosure('{"v":"B"}');
    const duplicate = disclosure('{"v":"dup"}');
    const reports = page(kept, duplicate);
    duplicate.id = 'other';
    attributeChanged(duplicate, 'id');
    expect(reports).toEqual([
      { kind: 'nothing', reason: 'the page has more than one disclosure element' },
      { kind: 'disclosure', text: '{"v":"B"}' },
    ]);
  });

  it("reports the wrong type when the element's type changes", () => {
    const element = disclosure('{"v":"A"}');
    const reports = page(element);
    element.type = 'text/plain';
    attributeChanged(element, 'type');
    expect(reports.at(-1)).toEqual({ kind: 'nothing', reason: `the disclosure element's type is not ${DISCLOSURE_MIME_TYPE}` });
  });

  it('is told of id and type changes only, not of every attribute of the page', () => {
    page(disclosure('{}'));
    expect(observed).toMatchObject({ attributes: true, subtree: true });
    expect([...(observed?.attributeFilter ?? [])].sort()).toEqual(['id', 'type']);
  });
});
