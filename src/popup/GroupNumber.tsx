import { useState } from 'preact/hooks';
import type { TabView } from '../view/tab-view';
import { groupNumberProblem } from '../ui/group-number-problem';
import { t, tn } from '../ui/i18n';
import { SafetyNumberDigits } from '../ui/SafetyNumberDigits';
import { openVerifyPage } from '../verify/open-verify';
import { useLazyValue } from './use-lazy-value';

/** Computed only when opened: one iterated hash, a few milliseconds even for 1,000 people. */
export function GroupNumber({ view }: { view: TabView }) {
  const [open, setOpen] = useState(false);
  const { participants } = view;
  const result = useLazyValue(open ? async () => (await import('../ui/group-number-for')).groupNumberFor(view) : null, [open, view]);
  return (
    <details class="pad group-number" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('popupGroupNumber')}</summary>
      {result?.ok && (
        <>
          <SafetyNumberDigits digits={result.digits} />
          <p class="muted small">
            {t('popupGroupNumberHint')} {tn('popupGroupCovers', participants.length)}
          </p>
          <button type="button" data-testid="open-verify-group" onClick={() => void openVerifyPage({ kind: 'group' })}>
            {t('verifyOpenGroup')}
          </button>
        </>
      )}
      {result && !result.ok && (
        <p role="alert" data-testid="group-number-problem">
          {groupNumberProblem(result)}
        </p>
      )}
    </details>
  );
}
