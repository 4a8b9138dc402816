import { osloLocalToInstant } from '../format/format';

/** A command form described as data: its fields, when it is offered, and how its values become the API body. */
export type Values = Record<string, string | boolean | string[]>;

interface FieldCommon {
  readonly name: string;
  readonly label: string;
  /** The API's path of the field, when it is not `name` (errors are placed by it). */
  readonly apiField?: string;
  readonly description?: string;
  readonly required?: boolean;
  /** What to say when a required field is empty, when "Velg …"/"Fyll ut …" reads badly. */
  readonly missing?: string;
}

export type FieldSpec =
  | (FieldCommon & { kind: 'text' | 'textarea' | 'datetime' | 'date' })
  | (FieldCommon & { kind: 'select'; options: Record<string, string> })
  | (FieldCommon & { kind: 'checkgroup'; options: Record<string, string> });

export interface CommandSpec<Ctx> {
  readonly id: string;
  readonly title: string;
  /** The heading the case page lists it under. */
  readonly group: string;
  /** What a confirmation says was recorded: "Registrert: <recorded>". */
  readonly recorded: string;
  readonly submitLabel: string;
  path(ctx: Ctx, values: Values): string;
  fields(ctx: Ctx, values: Values): FieldSpec[];
  initial(ctx: Ctx): Values;
  /** Client-side checks the API also makes, keyed by form field name (bokmål messages). */
  validate?(values: Values, ctx: Ctx): Record<string, string>;
  body(values: Values, ctx: Ctx): Record<string, unknown>;
}

export const text = (values: Values, name: string): string => {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : '';
};

export const optional = (values: Values, name: string): string | undefined => text(values, name) || undefined;

export const instant = (values: Values, name: string): string | undefined => {
  const value = text(values, name);
  return value ? (osloLocalToInstant(value) ?? value) : undefined;
};

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** A label without its parenthesis ("Notater (valgfritt)" → "Notater"), for messages that name the field. */
export const plainLabel = (label: string): string => label.replace(/ \(.*\)$/, '');

/** Designsystemet's advice: say what to do ("Velg årsak", "Fyll ut begrunnelse"). */
export const missingMessage = (field: FieldSpec): string =>
  field.missing ?? `${field.kind === 'select' || field.kind === 'checkgroup' ? 'Velg' : 'Fyll ut'} ${lowerFirst(plainLabel(field.label))}`;

/** Required fields left empty, as field errors. */
export const missingRequired = (fields: readonly FieldSpec[], values: Values): Record<string, string> => {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.name];
    const empty = Array.isArray(value) ? value.length === 0 : text(values, field.name) === '';
    if (field.required && empty) errors[field.name] = missingMessage(field);
  }
  return errors;
};

/** The form field an API error path belongs to: its own `apiField`, its name, or the nearest parent. */
export const formFieldFor = (apiPath: string, fields: readonly Pick<FieldSpec, 'name' | 'apiField'>[]): string | null => {
  let path = apiPath;
  for (;;) {
    const field = fields.find((candidate) => (candidate.apiField ?? candidate.name) === path);
    if (field) return field.name;
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    if (cut <= 0) return null;
    path = path.slice(0, cut);
  }
};
