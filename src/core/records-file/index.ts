// Records files: export the whole record, import one back with a merge that
// never replaces a verified key silently (docs/storage.md, "Records file").
//   export:  serializeRecordsFile(buildRecordsFile(await get(null), now).file)
//   import:  parsed = parseRecordsFile(text); if (!parsed.ok) show(parsed.error.message)
//            plan = planImport(await get(null), parsed.file, decisions, now)
//            show(plan.preview); when plan.undecided is empty and the user confirmed
//            plan.preview.confirmation (the alerts it closes, the verifications it adds,
//            the trust it changes): set(plan.writes)
export {
  RECORDS_FILE_FORMAT,
  RECORDS_FILE_LIMITS,
  RECORDS_FILE_VERSION,
  type CheckedRecordsFile,
  type RecordsFile,
  type RecordsFileError,
  type RecordsFileErrorCode,
} from './format';
export { parseRecordsFile, type ParseResult } from './parse';
export { buildRecordsFile, recordsFileName, serializeRecordsFile, type ExportResult } from './export';
export type { AddedVerification, ClosedAlert, TrustChange } from './import-review';
export {
  planImport,
  type ConflictChoice,
  type ContactRef,
  type ImportConflict,
  type ImportCounts,
  type ImportPlan,
  type ImportPreview,
} from './plan-import';
