import { Checkbox, Field, Fieldset, Label, Select, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import type { FieldSpec, Values } from './command-form-model';

interface Props {
  readonly field: FieldSpec;
  readonly values: Values;
  readonly error?: string;
  readonly onChange: (name: string, value: string | string[]) => void;
  readonly idPrefix: string;
}

/** The id of a field's input (or, for a group of boxes, its fieldset): error summary links point here. */
export const fieldId = (idPrefix: string, name: string): string => `${idPrefix}-${name}`;

/** One field of a form, Designsystemet-styled, with its one error beside it. */
export const FormField = ({ field, values, error, onChange, idPrefix }: Props) => {
  const id = fieldId(idPrefix, field.name);
  const value = values[field.name];
  switch (field.kind) {
    case 'checkgroup': {
      const selected = Array.isArray(value) ? value : [];
      return (
        <Fieldset id={id} tabIndex={-1}>
          <Fieldset.Legend>{field.label}</Fieldset.Legend>
          {field.description && <Fieldset.Description>{field.description}</Fieldset.Description>}
          {Object.entries(field.options).map(([code, text]) => (
            <Checkbox
              key={code}
              id={`${id}-${code}`}
              label={text}
              value={code}
              checked={selected.includes(code)}
              aria-invalid={error ? true : undefined}
              onChange={(event) =>
                onChange(field.name, event.target.checked ? [...selected, code] : selected.filter((item) => item !== code))
              }
            />
          ))}
          {error && <ValidationMessage>{error}</ValidationMessage>}
        </Fieldset>
      );
    }
    case 'select':
      return (
        <Field>
          <Label htmlFor={id}>{field.label}</Label>
          {field.description && <Field.Description>{field.description}</Field.Description>}
          <Select
            id={id}
            value={typeof value === 'string' ? value : ''}
            onChange={(event) => onChange(field.name, event.target.value)}
            aria-invalid={error ? true : undefined}
            required={field.required}
          >
            <Select.Option value="">Velg …</Select.Option>
            {Object.entries(field.options).map(([code, text]) => (
              <Select.Option key={code} value={code}>
                {text}
              </Select.Option>
            ))}
          </Select>
          {error && <ValidationMessage>{error}</ValidationMessage>}
        </Field>
      );
    default: {
      const common = {
        id,
        label: field.label,
        description: field.description,
        error,
        required: field.required,
        value: typeof value === 'string' ? value : '',
      };
      if (field.kind === 'textarea') {
        return <Textfield {...common} multiline rows={3} onChange={(event) => onChange(field.name, event.target.value)} />;
      }
      const type = field.kind === 'datetime' ? 'datetime-local' : field.kind === 'date' ? 'date' : 'text';
      return <Textfield {...common} type={type} onChange={(event) => onChange(field.name, event.target.value)} />;
    }
  }
};
