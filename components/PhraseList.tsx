import type { PagePhrase } from '@/utils/protocol/messages';
import { t } from '@/utils/i18n/i18n';
import { paintFor } from '@/utils/page/highlight-painter';

export interface PhraseListProps {
  phrases: PagePhrase[];
  /** Scrolls the page to the phrase and opens its card. */
  onReveal(index: number): void;
}

const paintName = (paint: ReturnType<typeof paintFor>) =>
  paint === 'flag' ? t('levelFlagged') : paint === 'soft' ? t('levelHint') : t('levelPartner');

export function PhraseList({ phrases, onReveal }: PhraseListProps) {
  return (
    <ul class="phrases" aria-label={t('phraseListLabel')}>
      {phrases.map((p) => {
        const paint = paintFor(p.level, p.quoted);
        return (
          <li key={p.index}>
            <button type="button" class="phrase" onClick={() => onReveal(p.index)}>
              <span class="phrase-text">“{p.text}”</span>
              <span class={`level level-${paint}`}>{p.quoted ? t('levelQuoted') : paintName(paint)}</span>
              {p.suggestion && !p.quoted && <span class="phrase-suggestion">→ {p.suggestion}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
