// The mark a person's row carries when their name needs their id beside it
// (src/view/look-alike.ts): the mark, then the stable id, so two people shown as
// "Bob" are told apart by what the page cannot make the same.
import type { LookAlike } from '../view/look-alike';
import type { ParticipantRow } from '../view/tab-view';
import { t } from '../ui/i18n';
import { PageText } from '../ui/PageText';

/** Why the id is shown, in words; the row's mark says it on hover and to screen readers. */
export const LOOK_ALIKE_TEXT: { readonly [R in LookAlike]: string } = {
  'same-name': 'lookAlikeSameName',
  'looks-the-same': 'lookAlikeLooksTheSame',
  'direction-controls': 'lookAlikeDirectionControls',
  'mixed-scripts': 'lookAlikeMixedScripts',
};

export function LookAlikeMark({ row }: { row: ParticipantRow }) {
  const why = t(LOOK_ALIKE_TEXT[row.lookAlike!]);
  return (
    <>
      <span class="look-alike" data-testid="look-alike" data-reason={row.lookAlike} title={why} aria-label={why}>
        {t('popupLookAlike')}
      </span>{' '}
      <PageText class="mono" text={row.id} /> ·{' '}
    </>
  );
}
