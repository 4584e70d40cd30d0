import { useEffect } from 'preact/hooks';
import { t } from '../ui/i18n';
import { isolated } from '../core/display/page-text';
import { ContactScreen } from './ContactScreen';
import { GroupScreen } from './GroupScreen';
import type { VerifyTarget } from './target';
import { useView } from './use-view';

export function VerifyApp({ target }: { target: VerifyTarget | null }) {
  if (!target)
    return (
      <p role="alert" data-testid="verify-problem">
        {t('verifyNoTab')}
      </p>
    );
  return <VerifyTab target={target} />;
}

function VerifyTab({ target }: { target: VerifyTarget }) {
  const state = useView(target.tabId);
  const ready = state.status !== 'loading';
  useEffect(() => {
    // Navigation start to content shown, for the load-time measurements.
    if (ready && performance.getEntriesByName('keywatch:content-shown').length === 0) performance.mark('keywatch:content-shown');
  }, [ready]);

  if (state.status === 'loading') return <p class="muted">{t('popupLoading')}</p>;
  if (state.status === 'error')
    return (
      <p role="alert" data-testid="verify-problem">
        {t('popupError', state.reason)}
      </p>
    );
  const view = state.view;
  if (!view?.conversation)
    return (
      <p role="alert" data-testid="verify-problem">
        {t('verifyNoConversation')}
      </p>
    );
  if (target.kind === 'group') {
    if (view.conversation.kind !== 'group')
      return (
        <p role="alert" data-testid="verify-problem">
          {t('verifyGroupNotGroup')}
        </p>
      );
    return <GroupScreen view={view} />;
  }
  const person = view.participants.find((p) => p.id === target.contactId);
  if (!person)
    return (
      <p role="alert" data-testid="verify-problem">
        {t('verifyNoContact', isolated(target.contactId))}
      </p>
    );
  return <ContactScreen view={view} person={person} />;
}
