import { LockedNote } from '@/components/LockedNote';
import { SiteList } from '@/components/SiteList';
import { useShownValue } from '@/components/use-shown-value';
import { t } from '@/utils/i18n/i18n';
import type { Settings, SiteInfo, SiteMode } from '@/utils/protocol/messages';
import { StatusLine, useStatus, type SectionProps } from './status';

export interface WhereSectionProps extends SectionProps {
  sites: SiteInfo[];
  setSite(hostname: string, mode: SiteMode): Promise<void>;
  removeSite(hostname: string): Promise<void>;
}

export function WhereSection({ settings, sites, save, setSite, removeSite }: WhereSectionProps) {
  const [status, , run] = useStatus();
  const locked = settings.locked.includes('defaultMode');
  // Shown at once: a controlled radio would otherwise spring back until the save answers.
  const [defaultMode, setDefaultMode] = useShownValue(settings.defaultMode);
  const chooseDefault = (mode: Settings['defaultMode'], done: string) => {
    setDefaultMode(mode);
    void run(async () => {
      try {
        await save({ defaultMode: mode });
      } catch (e) {
        setDefaultMode(settings.defaultMode);
        throw e;
      }
    }, done);
  };
  const setMode = (hostname: string, mode: SiteMode) =>
    run(() => setSite(hostname, mode), mode === 'off' ? t('siteStatusOff', hostname) : t('siteStatusHighlight', hostname));
  return (
    <section id="where" aria-labelledby="where-heading" class="card">
      <h2 id="where-heading">{t('whereHeading')}</h2>
      <fieldset disabled={locked} aria-describedby={locked ? 'default-locked' : undefined}>
        <legend>{t('defaultLegend')}</legend>
        <label class="row">
          <input
            type="radio"
            name="default-mode"
            checked={defaultMode === 'everywhere'}
            onChange={() => chooseDefault('everywhere', t('defaultEverywhereDone'))}
          />
          {t('defaultEverywhere')}
        </label>
        <label class="row">
          <input type="radio" name="default-mode" checked={defaultMode === 'listed'} onChange={() => chooseDefault('listed', t('defaultListedDone'))} />
          {t('defaultListed')}
        </label>
        {locked && <LockedNote id="default-locked" />}
      </fieldset>
      <h3>{t('sitesHeading')}</h3>
      <SiteList sites={sites} onSetMode={setMode} onAdd={setMode} onRemove={(hostname) => run(() => removeSite(hostname), t('siteRemoved', hostname))} />
      <StatusLine status={status} />
    </section>
  );
}
