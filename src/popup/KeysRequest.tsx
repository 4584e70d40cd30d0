// Matrix: members KeyWatch could not check yet (their keys not fetched by the
// client while KeyWatch watched, as after a fresh install). On the user's
// click, the page's own client is asked for their keys; KeyWatch checks them
// when they arrive. What this reveals to the homeserver is in docs/matrix.md.
import { useState } from 'preact/hooks';
import { send } from '../send';
import { t, tn } from '../ui/i18n';

type Asked = 'idle' | 'asking' | 'requested' | 'unavailable' | 'failed';

const OUTCOME_TEXT = {
  requested: 'popupRequestKeys_requested',
  unavailable: 'popupRequestKeys_unavailable',
  failed: 'popupRequestKeys_failed',
} as const;

export function KeysRequest({ tabId, members }: { tabId: number; members: number }) {
  const [asked, setAsked] = useState<Asked>('idle');
  const ask = async () => {
    setAsked('asking');
    const reply = await send('matrix/request-keys', { tabId }).catch(() => null);
    setAsked(reply?.ok ? reply.outcome : 'failed');
  };
  return (
    <div class="keys-request" data-testid="keys-request">
      <p>{tn('popupKeysNotChecked', members)}</p>
      <button type="button" data-testid="request-keys" disabled={asked === 'asking'} onClick={() => void ask()}>
        {t('popupRequestKeys')}
      </button>
      {asked !== 'idle' && asked !== 'asking' && (
        <p class="muted small" role="status" data-testid="request-keys-outcome" data-outcome={asked}>
          {t(OUTCOME_TEXT[asked])}
        </p>
      )}
    </div>
  );
}
