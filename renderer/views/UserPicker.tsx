/** The top bar's user picker: who is reading (their suggestions and profile follow), and a new user by name. */
import { useEffect, useRef, useState } from 'react';
import { useUserStore } from '../stores/userStore.js';

export function UserPicker() {
  const current = useUserStore((s) => s.current);
  const users = useUserStore((s) => s.users);
  const { switchTo, create } = useUserStore.getState();
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const nameBox = useRef<HTMLInputElement>(null);
  const names = users.some((u) => u.name.toLowerCase() === current.toLowerCase()) ? users.map((u) => u.name) : [current, ...users.map((u) => u.name)];

  useEffect(() => {
    if (adding) nameBox.current?.focus();
  }, [adding]);

  if (adding) {
    return (
      <form
        className="user-picker"
        aria-label="New user"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          void create(name).then((ok) => {
            if (ok) {
              setAdding(false);
              setName('');
              setError(null);
            } else {
              setError(useUserStore.getState().error);
            }
          });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setAdding(false);
        }}
      >
        <input ref={nameBox} type="text" aria-label="New user name" placeholder="Name" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} size={12} />
        <button type="submit" disabled={!name.trim()}>
          Create user
        </button>
        <button type="button" onClick={() => setAdding(false)}>
          Cancel
        </button>
        {error && (
          <span role="alert" className="error user-error">
            {error}
          </span>
        )}
      </form>
    );
  }
  return (
    <div className="user-picker">
      <label className="inline-field">
        <span className="muted">User</span>
        <select aria-label="User" value={current} onChange={(e) => switchTo(e.target.value)}>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="button" aria-label="New user" title="Add a person who reads here" onClick={() => setAdding(true)}>
        +
      </button>
    </div>
  );
}
