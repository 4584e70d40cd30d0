import { useEffect, useState } from 'preact/hooks';
import type { TabView, TabViewHead, TabViewStart } from '../view/tab-view';
import { extensionUrl } from '../platform/runtime';
import { t, tn } from '../ui/i18n';
import { PageText } from '../ui/PageText';
import { StandingLine } from '../ui/StandingLine';
import { AlertList } from './AlertList';
import { CoverageLine } from './CoverageLine';
import { GroupNumber } from './GroupNumber';
import { KeysRequest } from './KeysRequest';
import { ParticipantDetail } from './ParticipantDetail';
import { NotRead } from './NotRead';
import { ParticipantList } from './ParticipantList';
import { useTabView, type TabViewState } from './use-tab-view';

export function App() {
  const [state] = useTabView();
  // Kept above both views: a person chosen from the first rows opens once the whole view is in.
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <>
      <header class="bar">
        <h1>{t('extName')}</h1>
        <a href={extensionUrl('options.html')} target="_blank" rel="noreferrer">
          {t('popupRecords')}
        </a>
      </header>
      {state.status === 'loading' && <p class="pad muted">{t('popupLoading')}</p>}
      {state.status === 'error' && (
        <p class="pad" role="alert">
          {t('popupError', state.reason)}
        </p>
      )}
      {(state.status === 'starting' || state.status === 'ready') && <TabContent state={state} selected={selected} onSelect={setSelected} />}
      <footer class="bar foot">
        <a href={extensionUrl('welcome.html')} target="_blank" rel="noreferrer" data-testid="open-welcome">
          {t('popupWelcome')}
        </a>
        <a href={extensionUrl('about.html')} target="_blank" rel="noreferrer">
          {t('popupWhatItChecks')}
        </a>
      </footer>
    </>
  );
}

function ConversationHead({ head, count, tabId }: { head: TabViewHead; count: number; tabId: number }) {
  return (
    <section class="pad conversation" aria-labelledby="conversation-title">
      <h2 id="conversation-title" data-testid="conversation-title">
        <PageText text={head.conversation!.title} />
      </h2>
      <p class="muted small">
        {tn(head.conversation!.kind === 'group' ? 'popupGroupOf' : 'popupDirectWith', count)} · {head.origin}
      </p>
      <StandingLine standing={head.standing} />
      {head.coverage && <CoverageLine coverage={head.coverage} notChecked={head.notChecked} />}
      {head.problem && (
        <p class="muted" data-testid="problem">
          <PageText text={head.problem} />
        </p>
      )}
      {head.uncheckedMembers ? <KeysRequest tabId={tabId} members={head.uncheckedMembers} /> : null}
      {head.blindSpots.map((key) => (
        <p key={key} class="muted small" data-testid="blind-spot">
          {t(key)}
        </p>
      ))}
    </section>
  );
}

/** Either the first rows of a big conversation or the whole view. */
type Shown = { kind: 'start'; start: TabViewStart } | { kind: 'whole'; view: TabView };

/**
 * One conversation, first rows or whole. The list keeps its place in the tree
 * across the handover, so focus and scroll survive it; alerts, the group number
 * and each person's detail come from the whole view only.
 */
function ConversationView({
  shown,
  tabId,
  selected,
  onSelect,
}: {
  shown: Shown;
  tabId: number;
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  const view = shown.kind === 'whole' ? shown.view : null;
  const head = shown.kind === 'whole' ? shown.view : shown.start;
  const rows = shown.kind === 'whole' ? shown.view.participants : shown.start.firstRows;
  const total = shown.kind === 'whole' ? shown.view.participants.length : shown.start.participantCount;
  const person = view && selected !== null ? view.participants.find((p) => p.id === selected) : undefined;
  // A person the page stops listing closes their detail for good: were they listed again, with another key, the
  // detail must not come back by itself with a mark button beside a number the user never saw change.
  const gone = view !== null && selected !== null && person === undefined;
  useEffect(() => {
    if (gone) onSelect(null);
  }, [gone, onSelect]);
  return (
    <>
      <ConversationHead head={head} count={total} tabId={tabId} />
      {view && <AlertList alerts={view.alerts} infoNotices={view.infoNotices} />}
      {view && !person && view.conversation?.kind === 'group' && <GroupNumber view={view} />}
      {view && person ? (
        <ParticipantDetail view={view} person={person} onBack={() => onSelect(null)} />
      ) : (
        <ParticipantList participants={rows} total={total} onSelect={onSelect} />
      )}
    </>
  );
}

/** The same ConversationView instance serves the first rows and then the whole view. */
function TabContent({
  state,
  selected,
  onSelect,
}: {
  state: Extract<TabViewState, { status: 'starting' | 'ready' }>;
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  if (state.status === 'starting')
    return <ConversationView shown={{ kind: 'start', start: state.start }} tabId={state.tabId} selected={selected} onSelect={onSelect} />;
  const { view } = state;
  if (!view) return <NotRead tabId={state.tabId} />;
  if (!view.conversation) {
    return (
      <div class="pad">
        <p>{t('popupNoConversation')}</p>
        {view.problem && (
          <p class="muted" data-testid="problem">
            <PageText text={view.problem} />
          </p>
        )}
      </div>
    );
  }
  return <ConversationView shown={{ kind: 'whole', view }} tabId={state.tabId} selected={selected} onSelect={onSelect} />;
}
