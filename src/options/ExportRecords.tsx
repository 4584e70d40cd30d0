import { useState } from 'preact/hooks';
import { send } from '../send';
import { t, tn } from '../ui/i18n';
import { saveTextFile } from './format';

export function ExportRecords() {
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const exportAll = async () => {
    const reply = await send('records/export', {});
    if (!reply.ok) return setMessage({ text: t('optionsExportFailed', reply.reason), failed: true });
    saveTextFile(reply.text, reply.fileName);
    setMessage({
      text:
        reply.skipped > 0
          ? tn('optionsExportedSkipped', reply.skipped, reply.fileName, reply.skipped)
          : t('optionsExported', reply.fileName),
      failed: false,
    });
  };
  return (
    <div class="card">
      <h3>{t('optionsExportTitle')}</h3>
      <p class="small muted">{t('optionsExportHint')}</p>
      <button type="button" onClick={() => void exportAll()} data-testid="export">
        {t('optionsExportButton')}
      </button>
      {message && (
        <p role={message.failed ? 'alert' : 'status'} data-testid="export-result">
          {message.text}
        </p>
      )}
    </div>
  );
}
