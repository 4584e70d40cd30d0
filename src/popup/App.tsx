import { useState } from 'preact/hooks';
import type { TabView } from '../background/tab-view';
import { extensionUrl } from '../platform/runtime';
import { t } from '../ui/i18n';
import { AlertList } from './AlertList';
import { GroupNumber } from './GroupNumber';
import { ParticipantDetail } from './ParticipantDetail';
import { ParticipantList } from './ParticipantList';
import { useTabView } from './use-tab-view';

export function App() {
  const [state] = useTabView();
  return (
    <>
      <header class="bar">
        <h1>{t('extName')}</h1>
        <a href={extensionUrl('options.html')} target="_blank" rel="noreferrer">{t('popupRecords')}</a>
      </header>
      {state.status === 'loading' && <p class="pad muted">{t('popupLoading')}</p>}
      {state.status === 'error' && <p class="pad" role="alert">{t('popupError', state.reason)}</p>}
      {state.status === 'ready' && <TabContent view={state.view} />}
      <footer class="bar foot">
        <a href={extensionUrl('about.html')} target="_blank" rel="noreferrer">{t('popupWhatItChecks')}</a>
      </footer>
    </>
  );
}

function TabContent({ view }: { view: TabView | null }) {
  const [selected, setSelected] = useState<string | null>(null);
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
      <section class="pad conversation" aria-labelledby="conversation-title">
        <h2 id="conversation-title" data-testid="conversation-title">{view.conversation.title}</h2>
        <p class="muted small">
          {t(view.conversation.kind === 'group' ? 'popupGroupOf' : 'popupDirectWith', view.participants.length)} · {view.origin}
        </p>
        <p data-testid="standing" class={`standing ${view.standing}`}>{t(`standing_${view.standing.replace(/-/g, '_')}`)}</p>
        {view.problem && <p class="muted" data-testid="problem">{view.problem}</p>}
      </section>
      <AlertList alerts={view.alerts} infoNotices={view.infoNotices} />
      {!person && view.conversation.kind === 'group' && <GroupNumber participants={view.participants} />}
      {person
        ? <ParticipantDetail view={view} person={person} onBack={() => setSelected(null)} />
        : <ParticipantList participants={view.participants} onSelect={setSelected} />}
    </>
  );
}
