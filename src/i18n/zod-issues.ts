import type { z } from 'zod';
import { currentLanguage, plural, t } from './translate.js';

type Issue = z.core.$ZodRawIssue;

/**
 * zod's own words for a value that does not fit a schema (a request body, a message's content),
 * in the reader's language: a zod error map, given to `safeParse(value, { error: zodIssueText })`.
 * A schema's own message (`{ error: () => t`…` }`) still wins over it. In English it answers
 * nothing, so zod's English stays word for word what Guru always said (tests and scripts match
 * it); the English texts below are the msgids the translations are keyed by, written as zod
 * words them. Zod ships a `pt` locale, but in Portugal's Portuguese ("ficheiro", "demasiado").
 */
export function zodIssueText(issue: Issue): string | undefined {
  if (currentLanguage() === 'en') return undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return t`Required: expected ${typeName(issue.expected)}`;
      return t`Invalid input: expected ${typeName(issue.expected)}, received ${typeName(typeOf(issue.input))}`;
    case 'invalid_value':
      if (issue.values.length === 1) return t`Invalid input: expected ${show(issue.values[0])}`;
      return t`Invalid option: expected one of ${issue.values.map(show).join('|')}`;
    case 'too_big':
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'invalid_format':
      if (issue.format === 'regex' && issue.pattern !== undefined) return t`Invalid string: must match pattern ${issue.pattern}`;
      return t`Invalid ${issue.format}`;
    case 'not_multiple_of':
      return t`Invalid number: must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return plural(issue.keys.length, t`Unrecognized key: ${keys}`, t`Unrecognized keys: ${keys}`);
    }
    case 'invalid_key':
      return t`Invalid key in ${issue.origin}`;
    case 'invalid_element':
      return t`Invalid value in ${issue.origin}`;
    default:
      return t`Invalid input`;
  }
}

/** Sizes zod bounds: a text's characters, a list's items, a number's value. Others keep zod's words. */
function tooBig(origin: string, max: number, inclusive: boolean): string | undefined {
  if (origin === 'string') return inclusive ? t`Too big: expected string to have <=${max} characters` : t`Too big: expected string to have <${max} characters`;
  if (origin === 'array') return inclusive ? t`Too big: expected array to have <=${max} items` : t`Too big: expected array to have <${max} items`;
  if (origin === 'number' || origin === 'int') return inclusive ? t`Too big: expected number to be <=${max}` : t`Too big: expected number to be <${max}`;
  return undefined;
}

function tooSmall(origin: string, min: number, inclusive: boolean): string | undefined {
  if (origin === 'string' && inclusive && min === 1) return t`Too small: expected string to have >=1 characters`;
  if (origin === 'string')
    return inclusive ? t`Too small: expected string to have >=${min} characters` : t`Too small: expected string to have >${min} characters`;
  if (origin === 'array' && inclusive && min === 1) return t`Too small: expected array to have >=1 items`;
  if (origin === 'array') return inclusive ? t`Too small: expected array to have >=${min} items` : t`Too small: expected array to have >${min} items`;
  if (origin === 'number' || origin === 'int') return inclusive ? t`Too small: expected number to be >=${min}` : t`Too small: expected number to be >${min}`;
  return undefined;
}

/** What a JSON value is, in zod's names. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'nan';
  return typeof value;
}

/** A zod type name as a person reads it; one Guru's requests never hold keeps its name. */
function typeName(type: string): string {
  switch (type) {
    case 'string':
      return t`a string`;
    case 'number':
      return t`a number`;
    case 'int':
      return t`an integer`;
    case 'boolean':
      return t`true or false`;
    case 'object':
      return t`an object`;
    case 'array':
      return t`a list`;
    case 'undefined':
      return t`nothing`;
    default:
      return type;
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}
