// The coverage line: what KeyWatch read in this tab and when, and everything it
// could not read, check or store. Page text (user ids, servers) is isolated.
import { GAP_KINDS, type CoverageView } from '../view/coverage';
import type { NotCheckedReason } from '../view/standing';
import { gapText, lastReadText, reasonText } from '../ui/coverage-text';

export function CoverageLine({ coverage, notChecked }: { coverage: CoverageView; notChecked: NotCheckedReason[] }) {
  const reasons = notChecked.filter((r): r is Exclude<NotCheckedReason, { kind: 'gap' }> => r.kind !== 'gap');
  return (
    <div class="coverage small" data-testid="coverage">
      <p class="muted" data-testid="coverage-read">
        {lastReadText(coverage)}
      </p>
      {(reasons.length > 0 || coverage.gaps.length > 0) && (
        <ul class="plain">
          {reasons.map((r) => (
            <li key={r.kind} class="gap blocks" data-testid="coverage-gap" data-kind={r.kind}>
              {reasonText(r)}
            </li>
          ))}
          {coverage.gaps.map((g) => (
            <li key={g.kind} class={`gap${GAP_KINDS[g.kind].blocks ? ' blocks' : ''}`} data-testid="coverage-gap" data-kind={g.kind}>
              {gapText(g)}
              {g.detail && <span class="muted"> {g.detail}</span>}
              {g.subjects.length > 0 && (
                <span class="muted">
                  {' '}
                  {g.subjects.map((s, i) => (
                    <span key={i}>
                      {i > 0 && ', '}
                      <bdi>{s}</bdi>
                    </span>
                  ))}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
