// Storage notices in the user's words: the data layer names a problem, this says it.
import { t } from '@/utils/i18n/i18n';
import type { StorageNotice } from '@/utils/protocol/model';

export function noticeText(notice: StorageNotice): string {
  switch (notice.code) {
    case 'session-only':
      return t('noticeSessionOnly');
    case 'quota-pruned':
      return t('noticeQuotaPruned', String(notice.rows));
    case 'write-failed':
      return t('noticeWriteFailed', notice.error);
    case 'corrupt':
      return t('noticeCorrupt', String(notice.records));
  }
}
