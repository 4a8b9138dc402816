import { Field, Label, Select } from '@digdir/designsystemet-react';

/** A labelled choice among named options, for filters and settings (form fields with errors use FormField). */
export const SelectField = ({
  id,
  label,
  value,
  options,
  onChange,
  className,
}: {
  id: string;
  label: string;
  value: string;
  /** Value to text, in the order shown. */
  options: Readonly<Record<string, string>> | readonly (readonly [string, string])[];
  onChange: (value: string) => void;
  className?: string;
}) => (
  <Field className={className}>
    <Label htmlFor={id}>{label}</Label>
    <Select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
      {(Array.isArray(options) ? options : Object.entries(options)).map(([key, text]) => (
        <Select.Option key={key} value={key}>
          {text}
        </Select.Option>
      ))}
    </Select>
  </Field>
);
