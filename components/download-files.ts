// Saves export files from an extension page without the downloads permission: a Blob URL and
// a temporary <a download>, revoked once the browser has taken the file.
import { t } from '@/utils/i18n/i18n';
import type { ExportFile } from '@/utils/protocol/model';

export function downloadFiles(files: ExportFile[], doc: Document = document): void {
  for (const file of files) {
    const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
    const a = doc.createElement('a');
    a.href = url;
    a.download = file.filename;
    a.hidden = true;
    doc.body.append(a);
    a.click();
    a.remove();
    // The click starts the download synchronously; a later revoke keeps slow browsers safe.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}


/** The status line after an export: an export is one file, or two when the worklist is included. */
export function savedFilesMessage(files: ExportFile[]): string {
  const names = files.map((f) => f.filename);
  const [first = '', second] = names;
  if (names.length === 2 && second !== undefined) return t('savedTwoFiles', [first, second]);
  return t('savedOneFile', names.join(', '));
}
