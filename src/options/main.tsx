// The options page: every contact and key KeyWatch has seen with its history,
// the alert log, per-site on/off, and the user's records (export, import, clear).
import '../ui/theme.css';
import './options.css';
import { render } from 'preact';
import { t } from '../ui/i18n';
import { OptionsApp } from './OptionsApp';
import { applyPageLanguage } from '../ui/page-language';

document.title = t('optionsPageTitle');
applyPageLanguage(document.documentElement);
render(<OptionsApp />, document.getElementById('app')!);
