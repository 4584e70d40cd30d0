// How the conversation stands, in one line: green only for 'all-verified'
// (which the background gives only over a complete, fresh, checked roster).
import type { Standing } from '../view/standing';
import { t } from './i18n';

export const standingText = (standing: Standing) => t(`standing_${standing.replace(/-/g, '_')}`);

export function StandingLine({ standing }: { standing: Standing }) {
  return (
    <p data-testid="standing" data-standing={standing} class={`standing ${standing}`}>
      {standingText(standing)}
    </p>
  );
}
