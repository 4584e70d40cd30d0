import { useState } from 'preact/hooks';
import type { TabView, TabViewHead, TabViewStart } from '../background/tab-view';
import { extensionUrl } from '../platform/runtime';
import { t } from '../ui/i18n';
import { AlertList } from './AlertList';
import { GroupNumber } from './GroupNumber';
import { ParticipantDetail } from './ParticipantDetail';
import { ParticipantList } from './ParticipantList';
import { useTabView } from './use-tab-view';

export function App() {
  const [state] = useTabView();
  // Kept above both views: a person chosen from the first rows opens once the whole view is in.
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <>
      <header class="bar">
        <h1>{t('extName')}</h1>
        <a href={extensionUrl('options.html')} target="_blank" rel="noreferrer">{t('popupRecords')}</a>
      </header>
      {state.status === 'loading' && <p class="pad muted">{t('popupLoading')}</p>}
      {state.status === 'error' && <p class="pad" role="alert">{t('popupError', state.reason)}</p>}
      {state.status === 'starting' && <TabStart start={state.start} onSelect={setSelected} />}
      {state.status === 'ready' && <TabContent view={state.view} selected={selected} onSelect={setSelected} />}
      <footer class="bar foot">
        <a href={extensionUrl('about.html')} target="_blank" rel="noreferrer">{t('popupWhatItChecks')}</a>
      </footer>
    </>
  );
}

function ConversationHead({ head, count }: { head: TabViewHead; count: number }) {
  return (
    <section class="pad conversation" aria-labelledby="conversation-title">
      <h2 id="conversation-title" data-testid="conversation-title">{head.conversation!.title}</h2>
      <p class="muted small">
        {t(head.conversation!.kind === 'group' ? 'popupGroupOf' : 'popupDirectWith', count)} · {head.origin}
      </p>
      <p data-testid="standing" class={`standing ${head.standing}`}>{t(`standing_${head.standing.replace(/-/g, '_')}`)}</p>
      {head.problem && <p class="muted" data-testid="problem">{head.problem}</p>}
    </section>
  );
}

/** The first rows of a big conversation; alerts, the group number and each person's detail wait for the whole view. */
function TabStart({ start, onSelect }: { start: TabViewStart; onSelect: (id: string) => void }) {
  return (
    <>
      <ConversationHead head={start} count={start.participantCount} />
      <ParticipantList participants={start.firstRows} total={start.participantCount} onSelect={onSelect} />
    </>
  );
}

function TabContent({ view, selected, onSelect }: { view: TabView | null; selected: string | null; onSelect: (id: string | null) => void }) {
  if (!view) return <p class="pad muted">{t('popupNothingHere')}</p>;
  if (!view.conversation) {
    return (
      <div class="pad">
        <p>{t('popupNoConversation')}</p>
        {view.problem && <p class="muted" data-testid="problem">{view.problem}</p>}
      </div>
    );
  }
  const person = selected === null ? undefined : view.participants.find((p) => p.id === selected);
  return (
    <>
      <ConversationHead head={view} count={view.participants.length} />
      <AlertList alerts={view.alerts} infoNotices={view.infoNotices} />
      {!person && view.conversation.kind === 'group' && <GroupNumber participants={view.participants} />}
      {person
        ? <ParticipantDetail view={view} person={person} onBack={() => onSelect(null)} />
        : <ParticipantList participants={view.participants} total={view.participants.length} onSelect={onSelect} />}
    </>
  );
}
