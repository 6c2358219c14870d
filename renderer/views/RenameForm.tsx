import { useEffect, useRef, useState } from 'react';

/** The longest title the engine accepts ('library:rename'). */
const MAX_TITLE = 300;

/**
 * An inline title field: Enter saves, Escape cancels (as does the Cancel button). The field
 * takes focus and selects the old title; a refused title keeps the field open with the reason.
 */
export function RenameForm({ title, label, onSave, onDone }: { title: string; label: string; onSave: (title: string) => Promise<string | null>; onDone: () => void }) {
  const [value, setValue] = useState(title);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);

  const save = async () => {
    const trimmed = value.trim();
    if (trimmed === '') return setError('A title needs at least one character besides spaces.');
    if (trimmed.length > MAX_TITLE) return setError(`A title has at most ${MAX_TITLE} characters.`);
    if (trimmed === title) return onDone();
    setSaving(true);
    const failure = await onSave(trimmed);
    setSaving(false);
    if (failure) setError(failure);
    else onDone();
  };

  return (
    <form
      className="rename-form"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        ref={field}
        aria-label={label}
        aria-invalid={error !== null}
        value={value}
        maxLength={MAX_TITLE + 50}
        disabled={saving}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onDone();
          }
        }}
      />
      <button type="submit" disabled={saving}>
        Save
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </form>
  );
}
