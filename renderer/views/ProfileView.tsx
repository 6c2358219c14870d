/**
 * What Lectern has learnt about the current user, and their control over it: forget an entity,
 * pause learning, how long events are kept, export as JSON, delete the profile; and the list of
 * users, with a new one by name.
 */
import { useEffect, useState } from 'react';
import { useProfileStore } from '../stores/profileStore.js';
import { DEFAULT_USER, useUserStore } from '../stores/userStore.js';
import { downloadJson } from './downloadJson.js';
import { Notices } from './Notices.js';
import { ProfileEntityList } from './ProfileEntityList.js';

export function ProfileView() {
  const user = useUserStore((s) => s.current);
  const profile = useProfileStore((s) => s.profile);
  const error = useProfileStore((s) => s.error);
  const notice = useProfileStore((s) => s.notice);
  const { load, forget, setPaused } = useProfileStore.getState();

  useEffect(() => {
    void load();
    void useUserStore.getState().refresh();
  }, [user, load]);

  return (
    <div className="page profile">
      <h1>Profile: {user}</h1>
      <p className="muted">
        What Lectern has learnt from what {user === DEFAULT_USER ? 'you' : user} opened, read, searched and asked. It shapes the suggested questions and search completions, stays
        on this computer, and only these totals and a short log of events are kept.
      </p>
      <Notices error={error} notice={notice} />
      {!profile && !error && <p className="muted">Loading…</p>}
      {profile && (
        <>
          <div className="profile-columns">
            <section className="card" aria-labelledby="interests-heading">
              <h2 id="interests-heading">Interests</h2>
              <p className="muted">What {user} has been looking into lately (fading with time).</p>
              <ProfileEntityList
                label="Interests"
                entities={profile.interests}
                empty="Nothing yet: search, ask or read, and interests appear here."
                onForget={(e) => void forget(e.entityId, e.entity)}
              />
            </section>
            <section className="card" aria-labelledby="familiar-heading">
              <h2 id="familiar-heading">Familiar</h2>
              <p className="muted">What {user} has read or asked about enough to know: suggestions prefer what is new.</p>
              <ProfileEntityList label="Familiar" entities={profile.familiar} empty="Nothing yet." onForget={(e) => void forget(e.entityId, e.entity)} />
            </section>
          </div>
          <section className="card" aria-labelledby="learning-heading">
            <h2 id="learning-heading">Learning</h2>
            <label className="switch">
              <input type="checkbox" role="switch" checked={profile.learningPaused} onChange={(e) => void setPaused(e.target.checked)} /> Pause learning
            </label>
            <p className="muted">
              {profile.learningPaused
                ? 'Paused: nothing is recorded and the profile does not change.'
                : `${profile.events} ${profile.events === 1 ? 'event' : 'events'} in the log.`}
            </p>
            <RetentionForm days={profile.retentionDays} />
          </section>
          <section className="card" aria-labelledby="data-heading">
            <h2 id="data-heading">Your data</h2>
            <div className="row">
              <ExportButton user={user} />
              <DeleteProfile user={user} />
            </div>
          </section>
        </>
      )}
      <UsersCard />
    </div>
  );
}

function RetentionForm({ days }: { days: number }) {
  const [value, setValue] = useState(String(days));
  const setRetention = useProfileStore((s) => s.setRetention);
  useEffect(() => setValue(String(days)), [days]);
  const n = Number(value);
  const valid = Number.isInteger(n) && n >= 1 && n <= 3650;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void setRetention(n);
      }}
    >
      <label>
        Keep events for <input type="number" min={1} max={3650} aria-label="Keep events for (days)" value={value} onChange={(e) => setValue(e.target.value)} /> days
      </label>
      <button type="submit" disabled={!valid || n === days}>
        Save retention
      </button>
      <span className="muted">Older events are deleted; what was learnt from them stays until you forget it.</span>
    </form>
  );
}

function ExportButton({ user }: { user: string }) {
  const exportProfile = useProfileStore((s) => s.exportProfile);
  return (
    <button
      type="button"
      onClick={() =>
        void exportProfile().then((data) => {
          if (data) downloadJson(data, `lectern-profile-${user.replace(/[^\w.-]+/g, '_')}.json`);
        })
      }
    >
      Export profile (JSON)
    </button>
  );
}

function DeleteProfile({ user }: { user: string }) {
  const [confirming, setConfirming] = useState(false);
  const deleteProfile = useProfileStore((s) => s.deleteProfile);
  useEffect(() => setConfirming(false), [user]);
  if (!confirming) {
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete profile…
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Confirm deleting the profile of ${user}`}>
      <span>Delete everything learnt about {user}, and their events? Documents are not touched.</span>
      <button type="button" className="danger" onClick={() => void deleteProfile().then(() => setConfirming(false))}>
        Delete
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  );
}

function UsersCard() {
  const users = useUserStore((s) => s.users);
  const current = useUserStore((s) => s.current);
  const { switchTo, create } = useUserStore.getState();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <p className="muted">Each person who reads here can have their own profile and suggestions.</p>
      {users.length > 0 && (
        <ul className="user-list" aria-label="Users">
          {users.map((u) => (
            <li key={u.id}>
              <span className="user-name">{u.name}</span>
              <span className="muted">
                {u.events} {u.events === 1 ? 'event' : 'events'}
                {u.learningPaused ? ' · learning paused' : ''}
              </span>
              {u.name.toLowerCase() === current.toLowerCase() ? (
                <span className="badge badge-ingested">Current</span>
              ) : (
                <button type="button" aria-label={`Switch to ${u.name}`} onClick={() => switchTo(u.name)}>
                  Switch
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          void create(name).then((ok) => {
            setError(ok ? null : useUserStore.getState().error);
            if (ok) setName('');
          });
        }}
      >
        <label>
          Name <input type="text" aria-label="Name of the new user" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" disabled={!name.trim()}>
          Add user
        </button>
        {error && (
          <span role="alert" className="error">
            {error}
          </span>
        )}
      </form>
    </section>
  );
}
