import { t } from './i18n';

/**
 * 60 digits in 12 groups of 5. Screen readers get each group as its own item,
 * with the digits spaced so they are read one by one. Always left to right, in
 * a right-to-left page too: the groups are read aloud and compared in order.
 */
export function SafetyNumberDigits({ digits, large = false }: { digits: string; large?: boolean }) {
  const groups = digits.match(/\d{5}/g) ?? [];
  return (
    <ol
      dir="ltr"
      class={`digits ${large ? 'large' : ''}`}
      aria-label={t('safetyNumberLabel')}
      data-testid="safety-number"
      data-digits={digits}
    >
      {groups.map((group, i) => (
        <li key={i} aria-label={`${t('groupN', i + 1)}: ${group.split('').join(' ')}`}>
          {group}
        </li>
      ))}
    </ol>
  );
}
