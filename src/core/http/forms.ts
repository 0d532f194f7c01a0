import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Translator } from '../i18n/translator.js';
import { cleanLine, isLine, storableText } from './validation.js';

/** A form's problems: field name → message in the reader's language. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** The message for one schema error, in the reader's language. */
export function describeSchemaError(error: SchemaError, t: Translator['t']): string {
  const limit = typeof error.params.limit === 'number' ? error.params.limit : undefined;
  switch (error.keyword) {
    case 'required':
      return t('core.field.required');
    case 'maxLength':
      return t('core.field.tooLong', { limit });
    case 'minLength':
      return limit === 1 ? t('core.field.required') : t('core.field.tooShort', { limit });
    case 'format':
      return t(
        error.params.format === 'email'
          ? 'core.field.email'
          : error.params.format === 'uri'
            ? 'core.field.url'
            : 'core.field.invalid',
      );
    case 'minimum':
      return t('core.field.minimum', { limit });
    case 'maximum':
      return t('core.field.maximum', { limit });
    case 'enum':
    case 'const':
    case 'anyOf':
      return t('core.field.choose');
    default:
      return t('core.field.invalid');
  }
}

/** Field name from an error: `/email` → `email`; a missing property names itself. */
export function errorField(error: SchemaError): string {
  if (error.keyword === 'required') {
    const missing = error.params.requiredProperties ?? error.params.missingProperty;
    if (Array.isArray(missing)) return String(missing[0]);
    if (typeof missing === 'string') return missing;
  }
  return error.instancePath.replace(/^\//, '').split('/')[0] || '_form';
}

/** Digits, perhaps with a minus: the only text a form's whole number may be (not `0.5`, `1e3`, `0x10`, `Infinity`). */
const INTEGER = /^-?[0-9]{1,15}$/;

/**
 * Checks a submitted form against its schema. Empty strings are treated as missing, so a
 * required field left blank says "required", not "too short". Unknown fields are dropped
 * (mass assignment: an extra `role=admin` never reaches a service). Text with NUL or a broken
 * character is refused at its field; a `Line` (a name, title, tag, slug) loses its bidirectional
 * controls and zero-width characters (`cleanLine`) before anything else.
 */
export function validateForm<T>(
  schema: TSchema & { properties?: Record<string, TSchema> },
  body: unknown,
  t: Translator['t'],
): FormResult<T> {
  const input: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  const notNumbers = new Map<string, string>();
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const raw = source[key];
    if (typeof raw === 'string' && !storableText(raw)) errors[key] = t('core.field.badCharacters');
    let value = typeof raw === 'string' ? (isLine(property) ? cleanLine(raw) : raw).trim() : raw;
    // A whole number is written in digits; anything else stays text, which the schema refuses.
    if ((property as { type?: unknown }).type === 'integer' && typeof value === 'string') {
      if (INTEGER.test(value)) value = Number(value);
      else notNumbers.set(key, value);
    }
    if (value !== '' && value !== undefined) input[key] = value;
  }
  // A form sends only text: "true" becomes a boolean where the schema wants one.
  const converted = Value.Convert(schema, input) as Record<string, unknown>;
  for (const [key, value] of notNumbers) if (value !== '') converted[key] = value;
  for (const error of Value.Errors(schema, converted) as SchemaError[]) {
    if (error.keyword === 'required') {
      const fields = error.params.requiredProperties;
      for (const field of Array.isArray(fields) ? fields : [errorField(error)])
        errors[String(field)] ??= t('core.field.required');
      continue;
    }
    const field = errorField(error);
    errors[field] ??= describeSchemaError(error, t);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: converted as T };
}

/**
 * What the reader typed into a form, to show again with its messages: each field named in
 * `limits` as text cut to its limit (a field that is not text is empty). Never more than the
 * limits allow, whatever was sent.
 */
export function echoFields<K extends string>(body: unknown, limits: Record<K, number>): Record<K, string> {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const out = {} as Record<K, string>;
  for (const field of Object.keys(limits) as K[]) {
    const value = source[field];
    out[field] = typeof value === 'string' ? value.slice(0, limits[field]) : '';
  }
  return out;
}
