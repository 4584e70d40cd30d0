import type { TrustState } from '../core/trust';
import { t } from './i18n';
import { showsAsYou } from './shows-as-you';
import type { ParticipantRow } from '../view/tab-view';

type Tone = 'ok' | 'info' | 'warning' | 'critical';

/** The chip's colour for each trust state: the compiler checks that every state has one. */
const TONE: { readonly [S in TrustState]: Tone } = {
  verified: 'ok',
  'first-seen': 'info',
  changed: 'critical',
  'changed-after-verified': 'critical',
  unkeyed: 'warning',
  accepted: 'warning',
  invalid: 'warning',
};

/** The person's trust state; an open alert about them outranks it. */
export function TrustChip({ row }: { row: ParticipantRow }) {
  if (row.notChecked && row.trust === 'unkeyed') {
    return (
      <span class="chip info" data-testid="trust" data-trust="not-checked">
        {t('trust_notChecked')}
      </span>
    );
  }
  if (showsAsYou(row.isSelf, row.trust)) {
    return (
      <span class={`chip ${row.worst === 'critical' ? 'critical' : 'self'}`} data-testid="trust" data-trust="self">
        {t('youChip')}
      </span>
    );
  }
  const tone = row.worst === 'critical' ? 'critical' : TONE[row.trust];
  return (
    <span class={`chip ${tone}`} data-testid="trust" data-trust={row.trust}>
      {t(`trust_${row.trust.replace(/-/g, '_')}`)}
    </span>
  );
}
