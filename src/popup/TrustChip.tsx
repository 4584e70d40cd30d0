import type { ParticipantRow } from '../view/tab-view';
import { t } from '../ui/i18n';

const TONE: Record<string, string> = {
  verified: 'ok',
  'first-seen': 'info',
  known: 'info',
  changed: 'critical',
  'changed-after-verified': 'critical',
};

/** The person's trust state; an open alert about them outranks it. */
export function TrustChip({ row }: { row: ParticipantRow }) {
  const tone = row.worst === 'critical' ? 'critical' : (TONE[row.trust] ?? 'warning');
  return (
    <span class={`chip ${tone}`} data-testid="trust" data-trust={row.trust}>
      {t(`trust_${row.trust.replace(/-/g, '_')}`)}
    </span>
  );
}
