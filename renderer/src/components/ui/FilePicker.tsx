import { useId, useRef, useState } from 'react';

interface Props {
  /** What the file is for ("Tệp Excel đã điền"). */
  label: string;
  accept?: string;
  disabled?: boolean;
  onChange: (file: File | null) => void;
}

/**
 * A file chooser in Vietnamese: the browser's own says "Choose File / No file chosen" in the
 * system's language, so the native input is hidden behind a button and the chosen name.
 */
export function FilePicker({ label, accept, disabled, onChange }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const [name, setName] = useState<string | null>(null);
  return (
    <div className="ui-field file-picker">
      <span className="ui-field-label" id={`${id}-label`}>
        {label}
      </span>
      <div className="file-picker-row">
        <button type="button" className="btn btn-plain" disabled={disabled} aria-describedby={`${id}-label ${id}-name`} onClick={() => input.current?.click()}>
          Chọn tệp…
        </button>
        <span id={`${id}-name`} className={name ? 'file-picker-name' : 'file-picker-name muted'} title={name ?? undefined}>
          {name ?? 'Chưa chọn tệp'}
        </span>
      </div>
      <input
        ref={input}
        type="file"
        hidden
        accept={accept}
        aria-labelledby={`${id}-label`}
        onChange={(e) => {
          const file = e.target.files?.[0] ?? null;
          // Emptied at once, so that choosing the same file again (after fixing it) is a new choice.
          e.target.value = '';
          setName(file?.name ?? null);
          onChange(file);
        }}
      />
    </div>
  );
}
