import type { GroupNumberResult } from './group-number-for';
import { t } from './i18n';

/** Why there is no group number, in plain words. */
export function groupNumberProblem(result: Extract<GroupNumberResult, { ok: false }>): string {
  return t('verifyNoNumber', result.problem === 'roster-incomplete' ? t('groupNumberRosterIncomplete') : result.reason);
}
