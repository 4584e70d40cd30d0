import { useState } from 'preact/hooks';
import { compareTyped, type TypedComparison } from '../core/typed-number';
import { t, tn } from '../ui/i18n';
import type { Outcome } from './outcome';

/** Typing or pasting their number: progress as it is typed, then the first differing group named. */
export function TypedCompare({
  digits,
  onOutcome,
  onDiffering,
}: {
  digits: string;
  onOutcome: (outcome: Outcome | null) => void;
  onDiffering: (groups: number[]) => void;
}) {
  const [comparison, setComparison] = useState<TypedComparison>({ result: 'empty' });
  const onInput = (text: string) => {
    const c = compareTyped(digits, text);
    setComparison(c);
    onDiffering(
      c.result === 'mismatch'
        ? c.differingGroups
        : c.result === 'incomplete' && c.firstDifferingGroup !== null
          ? [c.firstDifferingGroup]
          : [],
    );
    if (c.result === 'match') onOutcome({ kind: 'match', method: 'typed' });
    else if (c.result === 'mismatch')
      onOutcome({ kind: 'mismatch', method: 'typed', detail: differsText(digits, text, c.firstDifferingGroup) });
    else onOutcome(null);
  };
  return (
    <div class="panel" data-testid="typed-panel">
      <label for="typed-number">{t('verifyTypeLabel')}</label>
      <textarea
        id="typed-number"
        data-testid="typed-input"
        rows={3}
        inputMode="numeric"
        autoComplete="off"
        spellcheck={false}
        aria-describedby="typed-hint typed-progress"
        onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <p id="typed-hint" class="muted small">
        {t('verifyTypeHint')}
      </p>
      <p id="typed-progress" class="small" data-testid="typed-progress">
        {progressText(comparison)}
      </p>
    </div>
  );
}

function progressText(c: TypedComparison): string {
  switch (c.result) {
    case 'empty':
      return '';
    case 'not-digits':
      return t('verifyTypeNotDigits', c.character);
    case 'too-long':
      return tn('verifyTypeTooLong', c.typed, c.typed, c.expected);
    case 'incomplete':
      return c.firstDifferingGroup === null
        ? tn('verifyTypeProgress', c.expected, c.typed, c.expected)
        : `${tn('verifyTypeProgress', c.expected, c.typed, c.expected)} ${t('verifyTypeEarlyDiff', c.firstDifferingGroup + 1)}`;
    case 'match':
    case 'mismatch':
      return tn('verifyTypeProgress', 60, 60, 60);
  }
}

function differsText(ours: string, typed: string, group: number): string {
  const theirs = typed.replace(/\D/g, '').slice(group * 5, group * 5 + 5);
  return t('verifyGroupDiffers', group + 1, theirs, ours.slice(group * 5, group * 5 + 5));
}
