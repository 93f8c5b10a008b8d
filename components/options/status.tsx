import { useState } from 'preact/hooks';
import { useShownValue } from '@/components/use-shown-value';
import { LockedNote } from '@/components/LockedNote';
import type { EffectiveSettings, Settings } from '@/utils/protocol/model';

export type Status = { text: string; error?: boolean };

export interface SectionProps {
  settings: EffectiveSettings;
  save(patch: Partial<Settings>): Promise<void>;
}

/** A section's status line and a runner that reports what a change did (or why it failed). */
export function useStatus(): [Status | null, (s: Status | null) => void, (work: () => Promise<unknown>, done?: string) => Promise<void>] {
  const [status, setStatus] = useState<Status | null>(null);
  const run = async (work: () => Promise<unknown>, done?: string) => {
    setStatus(null);
    try {
      await work();
      if (done) setStatus({ text: done });
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    }
  };
  return [status, setStatus, run];
}

export function StatusLine({ status }: { status: Status | null }) {
  // Always in the DOM so that screen readers hear each change.
  return (
    <p class={`status ${status?.error ? 'error' : 'muted'}`} role={status?.error ? 'alert' : 'status'}>
      {status?.text ?? ''}
    </p>
  );
}

export interface ToggleProps {
  id: string;
  label: string;
  /** One line under the label: what the setting does. */
  help?: string;
  checked: boolean;
  locked: boolean;
  onChange(on: boolean): void;
}

export function Toggle({ id, label, help, checked: saved, locked, onChange }: ToggleProps) {
  const [checked, setChecked] = useShownValue(saved);
  const described = [help ? `${id}-help` : '', locked ? `${id}-locked` : ''].filter(Boolean).join(' ');
  return (
    <div class="row toggle">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={locked}
        aria-describedby={described || undefined}
        onChange={(e) => {
          setChecked(e.currentTarget.checked);
          onChange(e.currentTarget.checked);
        }}
      />
      <div>
        <label for={id}>{label}</label>
        {help && (
          <p id={`${id}-help`} class="muted small">
            {help}
          </p>
        )}
      </div>
      {locked && <LockedNote id={`${id}-locked`} />}
    </div>
  );
}
