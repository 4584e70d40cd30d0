import { useMemo, useState } from 'preact/hooks';
import type { ParticipantRow, TabView } from '../view/tab-view';
import { send } from '../send';
import { t } from '../ui/i18n';
import { isolated } from '../core/display/page-text';
import { safetyNumberFor } from '../ui/safety-number-for';
import { CompareScreen } from './CompareScreen';
import { judgeContactScan } from './judge';
import { methodText } from '../ui/method-text';
import type { Method, Subject } from './outcome';
import { scanOutcome } from './scan-outcome';

export function ContactScreen({ view, person }: { view: TabView; person: ParticipantRow }) {
  // The name goes into sentences: isolated, it cannot reorder them.
  const shownName = isolated(person.name);
  const self = view.participants.find((p) => p.isSelf) ?? null;
  const number = useMemo(
    () => (self && !person.isSelf ? safetyNumberFor(self, person) : null),
    [self?.id, self?.identityKey?.key, person.id, person.identityKey?.key],
  );
  const subject = useMemo<Subject | null>(
    () =>
      number && {
        digits: number.digits,
        code: number.scannable,
        codeAlt: t('verifyCodeAlt', shownName),
        codeHint: t('verifyCodeHint', shownName),
        otherName: shownName,
        judgeScan: (text) => scanOutcome(judgeContactScan(number.scannable, text), shownName),
      },
    [number, shownName],
  );

  return (
    <>
      <h1 data-testid="verify-title">{t('verifyTitleContact', shownName)}</h1>
      <p class="muted small">
        <span class="mono" dir="ltr">
          {person.id}
        </span>{' '}
        · {view.origin}
      </p>
      <p>
        <span class={`chip ${person.trust === 'verified' ? 'ok' : 'info'}`} data-testid="trust" data-trust={person.trust}>
          {t(`trust_${person.trust.replace(/-/g, '_')}`)}
        </span>
      </p>
      {person.isSelf && <p>{t('verifyThisIsYou')}</p>}
      {!person.isSelf && !subject && <p role="alert">{t('verifyNoNumber', person.identityProblem ?? self?.identityProblem ?? '—')}</p>}
      {subject && (
        <>
          <p>{t('verifyIntro')}</p>
          {person.trust === 'verified' && <p class="muted">{t('verifyAlreadyVerified')}</p>}
          <CompareScreen
            subject={subject}
            numberTitle={t('verifyYourNumber', shownName)}
            renderMatch={(method) => <MarkVerified key={`${method}:${subject.digits}`} view={view} person={person} method={method} />}
          />
        </>
      )}
    </>
  );
}

type MarkState = { status: 'idle' | 'busy' | 'done' } | { status: 'failed'; reason: string };

/** Marks the key the background showed (never one from the URL) verified, with how it was compared. */
function MarkVerified({ view, person, method }: { view: TabView; person: ParticipantRow; method: Method }) {
  const [state, setState] = useState<MarkState>({ status: 'idle' });
  const shownName = isolated(person.name);
  const mark = async () => {
    if (!person.identityKey || !view.account) return;
    setState({ status: 'busy' });
    const reply = await send('trust/mark-verified', {
      origin: view.origin,
      account: view.account,
      contactId: person.id,
      key: person.identityKey,
      method,
    });
    setState(reply.ok ? { status: 'done' } : { status: 'failed', reason: reply.reason });
  };
  if (state.status === 'done') return <p data-testid="marked">{t('verifyMarked', shownName, methodText(method))}</p>;
  return (
    <>
      <p>{t('verifyMatchDetail', shownName)}</p>
      <button type="button" class="primary" data-testid="mark-verified" disabled={state.status === 'busy'} onClick={() => void mark()}>
        {t('verifyMarkButton', shownName)}
      </button>
      {state.status === 'failed' && (
        <p role="alert" data-testid="mark-failed">
          {t('verifyMarkFailed', state.reason)}
        </p>
      )}
    </>
  );
}
