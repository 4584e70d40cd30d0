import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../ui/i18n';
import { ComparedDigits } from './ComparedDigits';
import type { Method, Outcome, Subject } from './outcome';
import { QrImage } from './QrImage';
import { ReadAloudCompare } from './ReadAloudCompare';
import { ScanCompare } from './ScanCompare';
import { TypedCompare } from './TypedCompare';

const MODES: Array<{ method: Method; label: string }> = [
  { method: 'scanned', label: 'verifyModeScan' },
  { method: 'typed', label: 'verifyModeType' },
  { method: 'read-aloud', label: 'verifyModeAloud' },
];

/**
 * The number, the code, and the three ways to compare. A match hands over to
 * `renderMatch` (which offers to mark verified); a mismatch is shown loudly and
 * offers nothing to click.
 */
export function CompareScreen({
  subject,
  numberTitle,
  renderMatch,
}: {
  subject: Subject;
  numberTitle: string;
  renderMatch: (method: Method) => ComponentChildren;
}) {
  const [mode, setMode] = useState<Method>('scanned');
  const [reached, setReached] = useState<{ digits: string; outcome: Outcome } | null>(null);
  // An outcome counts only for the number it was reached on, not one render longer; a panel's callback may be
  // an older render's, so the number is read from a ref.
  const shownDigits = useRef(subject.digits);
  shownDigits.current = subject.digits;
  const outcome = reached !== null && reached.digits === subject.digits ? reached.outcome : null;
  const setOutcome = (o: Outcome | null) => setReached(o === null ? null : { digits: shownDigits.current, outcome: o });
  const [differing, setDiffering] = useState<number[]>([]);
  const result = useRef<HTMLDivElement>(null);

  // Another number (a key changed while the page was open) voids any earlier result.
  useEffect(() => {
    setOutcome(null);
    setDiffering([]);
  }, [subject.digits]);

  useEffect(() => {
    if (outcome?.kind === 'match' || outcome?.kind === 'mismatch') result.current?.focus();
  }, [outcome]);

  const choose = (method: Method) => {
    setMode(method);
    setOutcome(null);
    setDiffering([]);
  };

  return (
    <>
      <div class="compare-top">
        <section aria-labelledby="number-title" class="number">
          <h2 id="number-title">{numberTitle}</h2>
          <ComparedDigits digits={subject.digits} differing={differing} />
        </section>
        <section aria-labelledby="code-title" class="code">
          <h2 id="code-title">{t('verifyYourCode')}</h2>
          <QrImage payload={subject.code} alt={subject.codeAlt} />
          <p class="muted small">{subject.codeHint}</p>
        </section>
      </div>

      <section aria-labelledby="compare-title" class="compare">
        <h2 id="compare-title">{t('verifyHowTitle')}</h2>
        <fieldset class="modes">
          <legend>{t('verifyHowLegend')}</legend>
          {MODES.map(({ method, label }) => (
            <label key={method} class="mode">
              <input
                type="radio"
                name="mode"
                value={method}
                checked={mode === method}
                onChange={() => choose(method)}
                data-testid={`mode-${method}`}
              />{' '}
              {t(label)}
            </label>
          ))}
        </fieldset>
        {mode === 'scanned' && <ScanCompare judge={subject.judgeScan} onOutcome={setOutcome} />}
        {mode === 'typed' && <TypedCompare digits={subject.digits} onOutcome={setOutcome} onDiffering={setDiffering} />}
        {mode === 'read-aloud' && <ReadAloudCompare otherName={subject.otherName} onOutcome={setOutcome} />}
      </section>

      <div ref={result} tabIndex={-1} class="result-slot" data-testid="result">
        {outcome?.kind === 'match' && (
          <div class="result match" role="status" data-testid="match">
            <h2>{t('verifyMatch')}</h2>
            {renderMatch(outcome.method)}
          </div>
        )}
        {outcome?.kind === 'mismatch' && (
          <div class="result mismatch" role="alert" data-testid="mismatch">
            <h2>{t('verifyMismatch')}</h2>
            {outcome.detail && <p data-testid="mismatch-detail">{outcome.detail}</p>}
            <p>{t('verifyMismatchDetail', subject.otherName)}</p>
          </div>
        )}
        {outcome?.kind === 'inconclusive' && (
          <p class="notice" role="status" data-testid="inconclusive">
            {outcome.message}
          </p>
        )}
      </div>
    </>
  );
}
