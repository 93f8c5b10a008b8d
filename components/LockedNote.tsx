import { t } from '@/utils/i18n/i18n';

export interface LockedNoteProps {
  /** Ties the note to the control it explains (aria-describedby). */
  id: string;
}

export function LockedNote({ id }: LockedNoteProps) {
  return (
    <span id={id} class="locked">
      {t('lockedByOrganisation')}
    </span>
  );
}
