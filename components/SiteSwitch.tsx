import { t, tSplit } from '@/utils/i18n/i18n';

export interface SiteSwitchProps {
  hostname: string;
  /** Whether Partner Lens highlights on this site; null while it is being read. */
  on: boolean | null;
  /** Why the switch cannot be used (set by the organisation); the switch stays visible but disabled. */
  lockedReason?: string;
  /** A change is being saved. */
  busy?: boolean;
  onChange(on: boolean): void;
}

// A button with role=switch: one Tab stop, Space/Enter toggle it, and screen readers announce
// "on"/"off" without a visible checkbox.
export function SiteSwitch({ hostname, on, lockedReason, busy = false, onChange }: SiteSwitchProps) {
  const disabled = on === null || busy || lockedReason !== undefined;
  const state = on === null ? t('switchReading') : on ? t('switchOn') : t('switchOff');
  const [before, after] = tSplit('siteSwitchLabel');
  return (
    <div class="site-switch">
      <button
        type="button"
        role="switch"
        class="switch"
        aria-checked={on === true}
        aria-describedby={lockedReason ? 'site-switch-locked' : undefined}
        disabled={disabled}
        onClick={() => on !== null && onChange(!on)}
      >
        <span class="switch-track" aria-hidden="true">
          <span class="switch-knob" />
        </span>
        <span>
          {before}
          <strong>{hostname}</strong>
          {after}
        </span>
      </button>
      <span class="switch-state" aria-hidden="true">
        {state}
      </span>
      {lockedReason && (
        <p id="site-switch-locked" class="locked">
          {lockedReason}
        </p>
      )}
    </div>
  );
}
