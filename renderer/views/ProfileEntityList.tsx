/** Entities of a profile with their scores as bars (relative to the strongest), each with a Forget button. */
import type { ProfileEntity } from '../../native/api/types.js';
import { ENTITY_KIND_LABEL } from './entityKindLabel.js';

export function ProfileEntityList({ label, entities, empty, onForget }: { label: string; entities: ProfileEntity[]; empty: string; onForget: (e: ProfileEntity) => void }) {
  if (entities.length === 0) return <p className="muted">{empty}</p>;
  const top = Math.max(...entities.map((e) => e.score), Number.EPSILON);
  return (
    <ul className="profile-entities" aria-label={label}>
      {entities.map((e) => (
        <li key={e.entityId} className="profile-entity">
          <span className="profile-entity-name">
            {e.entity} <span className="muted profile-entity-kind">{ENTITY_KIND_LABEL[e.kind]}</span>
          </span>
          <span className="score-bar" aria-hidden="true">
            <span style={{ width: `${Math.max(3, Math.round((e.score / top) * 100))}%` }} />
          </span>
          <span className="score" aria-label={`Score ${formatScore(e.score)}`}>
            {formatScore(e.score)}
          </span>
          <button type="button" aria-label={`Forget ${e.entity}`} title="Remove from the profile and do not learn it again" onClick={() => onForget(e)}>
            Forget
          </button>
        </li>
      ))}
    </ul>
  );
}

function formatScore(score: number): string {
  return score >= 10 ? score.toFixed(0) : score >= 1 ? score.toFixed(1) : score.toFixed(2);
}
