import { t } from '../ui/i18n';

/**
 * The 60 digits, large, in 12 groups of 5, with the groups found to differ
 * marked (by colour, an outline and, for screen readers, in each group's label).
 */
export function ComparedDigits({ digits, differing }: { digits: string; differing: readonly number[] }) {
  const groups = digits.match(/\d{5}/g) ?? [];
  return (
    <ol dir="ltr" class="digits large" aria-label={t('safetyNumberLabel')} data-testid="safety-number" data-digits={digits}>
      {groups.map((group, i) => {
        const differs = differing.includes(i);
        const label = `${t('groupN', i + 1)}: ${group.split('').join(' ')}${differs ? `, ${t('verifyDiffersMark')}` : ''}`;
        return (
          <li key={i} class={differs ? 'differs' : undefined} data-group={i} data-differs={differs ? 'true' : undefined} aria-label={label}>
            {group}
          </li>
        );
      })}
    </ol>
  );
}
