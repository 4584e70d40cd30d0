// The verify page: compare a safety number in person with one contact, or the
// group number with everyone at once. Opened from the popup with ?tab=&contact=
// or ?tab=&group=1.
import '../ui/theme.css';
import './verify.css';
import { render } from 'preact';
import { t } from '../ui/i18n';
import { readTarget } from './target';
import { VerifyApp } from './VerifyApp';
import { applyPageLanguage } from '../ui/page-language';

document.title = t('verifyPageTitle');
applyPageLanguage(document.documentElement);
render(<VerifyApp target={readTarget(location.search)} />, document.getElementById('app')!);
