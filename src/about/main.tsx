// A plain-words summary of what KeyWatch does and does not do (docs/threat-model.md in full).
import '../ui/theme.css';
import { render } from 'preact';
import { t } from '../ui/i18n';
import { applyPageLanguage } from '../ui/page-language';

const DOES = ['aboutDoes1', 'aboutDoes2', 'aboutDoes3', 'aboutDoes4', 'aboutDoes5'];
const DOES_NOT = [
  'aboutDoesNot1',
  'aboutDoesNot2',
  'aboutDoesNot3',
  'aboutDoesNot4',
  'aboutDoesNot5',
  'aboutDoesNot6',
  'privateWindowsNotChecked',
];

function About() {
  return (
    <article>
      <h1>{t('aboutTitle')}</h1>
      <p>{t('aboutIntro')}</p>
      <h2>{t('aboutDoesTitle')}</h2>
      <ul>
        {DOES.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
      <h2>{t('aboutDoesNotTitle')}</h2>
      <ul>
        {DOES_NOT.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
      <h2>{t('aboutPairsTitle')}</h2>
      <p>{t('aboutPairs')}</p>
    </article>
  );
}

document.title = t('aboutTitle');
applyPageLanguage(document.documentElement);
render(<About />, document.getElementById('app')!);
