// The coverage line's sentences: what KeyWatch read and when, and what it could not.
import type { CoverageGap, CoverageView, MatrixResponse } from '../view/coverage';
import type { NotCheckedReason } from '../view/standing';
import { t } from './i18n';

/** The client API each Matrix response comes from, as its path reads (not translated). */
const RESPONSE_PATHS: { readonly [R in MatrixResponse]: string } = {
  'keys-query': '/keys/query',
  members: '/members',
  'joined-members': '/joined_members',
  sync: '/sync',
  whoami: '/account/whoami',
};

export const timeText = (at: number) => new Date(at).toLocaleTimeString();
const underscore = (kind: string) => kind.replace(/-/g, '_');

/** "Last read at 12:03:05: …", or why nothing was read. */
export function lastReadText(coverage: CoverageView): string {
  const read = coverage.lastRead;
  if (read === null) return t('coverageNothingRead');
  if (read.adapter === 'page-protocol') return t('coverageReadPage', timeText(read.at));
  const responses = read.responses.map((r) => t('coverageResponse', RESPONSE_PATHS[r.response], timeText(r.at)));
  return t('coverageReadMatrix', timeText(read.at), responses.join(', ') || t('coverageNoResponse'));
}

/** A reason the standing is not checked that is not a gap of the coverage record (those are listed as gaps). */
export function reasonText(reason: Exclude<NotCheckedReason, { kind: 'gap' }>): string {
  return t(`coverageReason_${underscore(reason.kind)}`);
}

export function gapText(g: CoverageGap): string {
  return t(`coverageGap_${underscore(g.kind)}`, g.count, timeText(g.last));
}
