// Every user-facing string comes from _locales through this one function.
import { i18n } from '../platform/runtime';

export function t(key: string, ...substitutions: Array<string | number>): string {
  return i18n(key, substitutions.map(String));
}
