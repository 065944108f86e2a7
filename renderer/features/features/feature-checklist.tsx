import { useEffect, useRef } from 'react';
import { toggleGroup, toggleRef, type FeatureGroup } from './feature-selection';

/** Features grouped by view, each group with a select-all box (indeterminate when partly chosen). */
export function FeatureChecklist({
  groups,
  selected,
  onChange,
  testId,
}: {
  groups: readonly FeatureGroup[];
  selected: readonly string[];
  onChange: (refs: string[]) => void;
  /** Of each feature's checkbox. */
  testId: string;
}) {
  const order = groups.flatMap((group) => group.features.map((feature) => feature.ref));
  return (
    <div className="feature-checklist" role="group" aria-label="Features">
      {groups.map((group) => (
        <fieldset key={group.view} className="feature-group">
          <legend>
            <GroupCheckbox group={group} selected={selected} onToggle={() => onChange(toggleGroup(selected, group, order))} />
          </legend>
          {group.features.map((feature) => (
            <label key={feature.ref} className="toggle feature-choice">
              <input
                type="checkbox"
                className="checkbox"
                checked={selected.includes(feature.ref)}
                onChange={() => onChange(toggleRef(selected, feature.ref, order))}
                data-testid={testId}
                data-ref={feature.ref}
              />
              <span className="mono">{feature.name}</span>
              {feature.dtype && <span className="faint mono">{feature.dtype}</span>}
            </label>
          ))}
        </fieldset>
      ))}
    </div>
  );
}

function GroupCheckbox({ group, selected, onToggle }: { group: FeatureGroup; selected: readonly string[]; onToggle: () => void }) {
  const box = useRef<HTMLInputElement>(null);
  const chosen = group.features.filter((feature) => selected.includes(feature.ref)).length;
  useEffect(() => {
    if (box.current) box.current.indeterminate = chosen > 0 && chosen < group.features.length;
  }, [chosen, group.features.length]);
  return (
    <label className="toggle feature-group-title">
      <input ref={box} type="checkbox" className="checkbox" checked={chosen === group.features.length} onChange={onToggle} data-testid="feature-view-checkbox" data-view={group.view} />
      <span className="mono">{group.view}</span>
      <span className="faint">
        {chosen}/{group.features.length}
      </span>
    </label>
  );
}
