import { NOTICE_RETENTION_MS, type NoticeDigestRecord } from '../core/trust';
import { alertText } from '../ui/alert-text';
import { t } from '../ui/i18n';
import { formatTime } from './format';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Closed alerts that retention compacted: per kind and conversation, how many, when, and the latest in full. */
export function CompactedNotices({ digests }: { digests: NoticeDigestRecord[] }) {
  if (digests.length === 0) return null;
  return (
    <section aria-labelledby="compacted-title" id="compacted">
      <h3 id="compacted-title">{t('optionsCompactedTitle', digests.length)}</h3>
      <p class="muted small">{t('optionsCompactedHint', Math.round(NOTICE_RETENTION_MS / DAY_MS))}</p>
      <ul class="log" data-testid="compacted-notices">
        {digests.map((d) => (
          <li
            key={`${d.origin}|${d.account}|${d.conversationId ?? ''}|${d.rule}`}
            data-testid="compacted-notice"
            data-severity={d.latest.severity}
          >
            <span class={`chip ${d.latest.severity}`}>{t(`severity_${d.latest.severity}`)}</span>{' '}
            {t('optionsCompactedEntry', d.notices, formatTime(d.firstRaised), formatTime(d.lastRaised))}{' '}
            <span>{alertText(d.latest).summary}</span>
            <br />
            <span class="muted small">
              {d.latest.conversationTitle ? `${d.latest.conversationTitle} · ` : ''}
              {d.origin}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
