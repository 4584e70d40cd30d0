import { t } from './i18n';
import { showsAsYou } from './shows-as-you';
import { trustTone } from './trust-tone';
import type { ParticipantRow } from '../view/tab-view';

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
  const tone = trustTone(row.trust, row.worst);
  return (
    <span class={`chip ${tone}`} data-testid="trust" data-trust={row.trust}>
      {t(`trust_${row.trust.replace(/-/g, '_')}`)}
    </span>
  );
}
