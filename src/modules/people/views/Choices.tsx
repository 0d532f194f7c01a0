import type { ComponentChildren } from 'preact';
import { fieldParts } from '../../../core/views/components.js';

interface Choice {
  value: string;
  /** The label; may hold an element with its own `lang`. */
  label: ComponentChildren;
}

interface ChoicesProps {
  /** Radio buttons (one of) or checkboxes (any of). */
  type: 'radio' | 'checkbox';
  name: string;
  legend: string;
  choices: Choice[];
  checked: readonly string[];
  hint?: string;
  error?: string | undefined;
  /** Class of the list; by default the stylesheet's grid of choices without bullets. */
  listClass?: string;
}

/**
 * A group of radio buttons or checkboxes in a fieldset, with its hint and error. The first
 * input has the id `field-<name>`, so that the error summary's link lands on the group.
 */
export function Choices({ type, name, legend, choices, checked, hint, error, listClass }: ChoicesProps) {
  const { id, describedBy, messages, wrapperClass } = fieldParts(name, hint, error);
  return (
    <fieldset class={wrapperClass} aria-describedby={describedBy}>
      <legend class="field__label">{legend}</legend>
      {messages}
      <ul class={listClass ?? 'language-list'}>
        {choices.map((choice, i) => {
          const inputId = i === 0 ? id : `${id}-${choice.value || 'none'}`;
          return (
            <li>
              <input
                type={type}
                id={inputId}
                name={name}
                value={choice.value}
                checked={checked.includes(choice.value)}
                aria-invalid={error ? 'true' : undefined}
              />{' '}
              <label for={inputId}>{choice.label}</label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** One checkbox with its label. */
export function Checkbox({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  const id = `field-${name}`;
  return (
    <div class="field">
      <input type="checkbox" id={id} name={name} value="yes" checked={checked} /> <label for={id}>{label}</label>
    </div>
  );
}
