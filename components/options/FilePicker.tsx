import { useRef } from 'preact/hooks';

export interface FilePickerProps {
  /** The visible button's text. */
  label: string;
  /** The hidden file input's accessible name (tests and assistive technology reach it by this). */
  inputLabel: string;
  accept: string;
  disabled?: boolean;
  onFile(file: File): void;
}

/**
 * A button that opens the file dialog. The input itself stays hidden and out of the tab order:
 * one focusable control, and the same file can be picked twice in a row.
 */
export function FilePicker({ label, inputLabel, accept, disabled = false, onFile }: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        class="visually-hidden"
        tabIndex={-1}
        aria-label={inputLabel}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
