import { t } from '../ui/i18n';
import type { Method } from './outcome';

export function methodText(method: Method): string {
  switch (method) {
    case 'scanned':
      return t('method_scanned');
    case 'typed':
      return t('method_typed');
    case 'read-aloud':
      return t('method_read_aloud');
  }
}
