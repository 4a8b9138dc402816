import { osloLocalToInstant } from '../format/format';

/** A command form described as data: its fields, when it is offered, and how its values become the API body. */
export type Values = Record<string, string | boolean | string[]>;

export type FieldSpec =
  | { kind: 'text' | 'textarea'; name: string; label: string; required?: boolean; apiField?: string; description?: string }
  | { kind: 'datetime' | 'date'; name: string; label: string; required?: boolean; apiField?: string; description?: string }
  | { kind: 'select'; name: string; label: string; options: Record<string, string>; required?: boolean; apiField?: string; description?: string }
  | { kind: 'checkbox'; name: string; label: string; apiField?: string; description?: string }
  | { kind: 'checkgroup'; name: string; label: string; options: Record<string, string>; apiField?: string; description?: string };

export interface CommandSpec<Ctx> {
  readonly id: string;
  readonly title: string;
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

/** Required fields left empty, as field errors. */
export const missingRequired = (fields: readonly FieldSpec[], values: Values): Record<string, string> => {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    if ('required' in field && field.required && text(values, field.name) === '') errors[field.name] = `${field.label} må fylles ut`;
  }
  return errors;
};

/** The form field an API error path belongs to: its own `apiField`, its name, or the nearest parent. */
export const formFieldFor = (apiPath: string, fields: readonly FieldSpec[]): string | null => {
  let path = apiPath;
  for (;;) {
    const field = fields.find((candidate) => (candidate.apiField ?? candidate.name) === path);
    if (field) return field.name;
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    if (cut <= 0) return null;
    path = path.slice(0, cut);
  }
};
