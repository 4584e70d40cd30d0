import { useMemo, useState } from 'preact/hooks';
import type { ParticipantRow, TabView } from '../view/tab-view';
import { encodeGroupCode } from '../core/group-code';
import { send } from '../send';
import { t, tn } from '../ui/i18n';
import { isolated } from '../core/display/page-text';
import { PageText } from '../ui/PageText';
import { TrustChip } from '../ui/TrustChip';
import { groupNumberFor, groupNumberInputs } from '../ui/group-number-for';
import { groupNumberProblem } from '../ui/group-number-problem';
import { CompareScreen } from './CompareScreen';
import { GroupNotAllVerified } from './GroupNotAllVerified';
import { judgeGroupScan } from './judge';
import { methodText } from '../ui/method-text';
import type { Method, Subject } from './outcome';
import { scanOutcome } from './scan-outcome';
import { StandingLine } from '../ui/StandingLine';

/** One screen for a whole group: everyone compares the same number, at once. */
export function GroupScreen({ view }: { view: TabView }) {
  const number = useMemo(() => groupNumberFor(view), [groupNumberInputs(view)]);
  const others = t('verifyTheOthers');
  const subject = useMemo<Subject | null>(
    () =>
      number.ok
        ? {
            digits: number.digits,
            code: encodeGroupCode(number.digits),
            codeAlt: t('verifyGroupCodeAlt'),
            codeHint: t('verifyGroupCodeHint'),
            otherName: others,
            judgeScan: (text) => scanOutcome(judgeGroupScan(number.digits, text), others),
          }
        : null,
    [number, others],
  );

  return (
    <>
      <h1 data-testid="verify-title">{t('verifyTitleGroup', isolated(view.conversation?.title ?? ''))}</h1>
      <p class="muted small">{view.origin}</p>
      <StandingLine standing={view.standing} />
      <p>{t('verifyGroupIntro')}</p>
      <details class="members">
        <summary>{tn('verifyGroupMembers', view.participants.length)}</summary>
        <ul class="plain">
          {view.participants.map((p) => (
            <li key={p.id} data-testid="group-member">
              <PageText text={p.name} />{' '}
              {p.lookAlike && (
                <span class="muted mono small" data-testid="group-member-id">
                  <PageText text={p.id} />
                </span>
              )}{' '}
              <TrustChip row={p} />
              {!p.shown && <span class="chip critical">{t('popupNotShown')}</span>}
            </li>
          ))}
        </ul>
      </details>
      {!number.ok && (
        <p role="alert" data-testid="group-number-problem">
          {groupNumberProblem(number)}
        </p>
      )}
      {subject && (
        <CompareScreen
          subject={subject}
          numberTitle={t('verifyGroupNumber')}
          renderMatch={(method) => <MarkGroup key={`${method}:${subject.digits}`} view={view} method={method} />}
        />
      )}
    </>
  );
}

type GroupMarkState = { status: 'idle' | 'busy' } | { status: 'done'; marked: number; failures: string[] };

/**
 * A matching group number shows that two people see the same members and
 * keys. Everyone is marked verified only when the user confirms that every
 * other member compared it; people the page does not show are never marked.
 */
function MarkGroup({ view, method }: { view: TabView; method: Method }) {
  const [confirmed, setConfirmed] = useState(false);
  const [state, setState] = useState<GroupMarkState>({ status: 'idle' });
  const toMark = view.participants.filter(
    (p): p is ParticipantRow & { identityKey: NonNullable<ParticipantRow['identityKey']> } =>
      !p.isSelf && p.shown && p.identityKey !== null && p.trust !== 'verified',
  );
  const memberCount = view.participants.filter((p) => !p.isSelf && p.shown).length;

  if (state.status === 'done') {
    return (
      <>
        <p data-testid="group-marked">{tn('verifyGroupMarked', state.marked, state.marked, methodText(method))}</p>
        {state.failures.map((reason) => (
          <p key={reason} role="alert">
            {t('verifyMarkFailed', reason)}
          </p>
        ))}
      </>
    );
  }
  if (toMark.length === 0) {
    // Everyone shown is marked; only the standing says whether that is everyone, with nothing open against them.
    if (view.standing === 'all-verified') return <p data-testid="group-all-verified">{t('verifyGroupAllVerified')}</p>;
    return <GroupNotAllVerified view={view} />;
  }

  const markAll = async () => {
    if (!view.account) return;
    setState({ status: 'busy' });
    let marked = 0;
    const failures: string[] = [];
    for (const person of toMark) {
      const reply = await send('trust/mark-verified', {
        origin: view.origin,
        account: view.account,
        contactId: person.id,
        key: person.identityKey,
        method,
      });
      if (reply.ok) marked++;
      else failures.push(reply.reason);
    }
    setState({ status: 'done', marked, failures });
  };

  return (
    <>
      <p>{t('verifyGroupMarkExplain')}</p>
      <label class="confirm">
        <input
          type="checkbox"
          checked={confirmed}
          onChange={(e) => setConfirmed((e.currentTarget as HTMLInputElement).checked)}
          data-testid="group-confirm"
        />{' '}
        {tn('verifyGroupMarkConfirm', memberCount)}
      </label>
      <button
        type="button"
        class="primary"
        disabled={!confirmed || state.status === 'busy'}
        onClick={() => void markAll()}
        data-testid="group-mark"
      >
        {tn('verifyGroupMarkButton', toMark.length)}
      </button>
    </>
  );
}
