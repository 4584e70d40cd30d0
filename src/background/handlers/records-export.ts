import { buildRecordsFile, recordsFileName, serializeRecordsFile } from '../../core/records-file';
import type { Messages } from '../../messages';
import { log } from '../log';
import { readWholeStore, serialized } from '../store';

type Response = Messages['records/export']['response'];

/** The whole record as a records file; damaged records stay where they are and are counted. */
export async function handleRecordsExport(): Promise<Response> {
  // Serialized so the file is one consistent state, never half of a write.
  const { file, skipped } = await serialized(async () => buildRecordsFile(await readWholeStore(), Date.now()));
  for (const problem of skipped) log.refused(`export left out ${problem.key}: ${problem.reason}`, 'storage');
  return { ok: true, text: serializeRecordsFile(file), fileName: recordsFileName(file.exportedAt), skipped: skipped.length };
}
