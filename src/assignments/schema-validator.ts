import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { assignmentSchema } from './assignment.schema.js';
import { closestName } from './closest-name.js';
import type { FieldPath, Finding } from './field-path.js';

let compiled: ValidateFunction | undefined;

/**
 * Checks parsed YAML against the schema and fills in the schema's defaults (in place). Returns one finding per
 * thing to fix, worded for the instructor rather than in ajv's terms.
 */
export function validateAgainstSchema(data: unknown): Finding[] {
  compiled ??= compileSchema();
  if (compiled(data)) return [];
  const findings = (compiled.errors ?? []).flatMap((error) => describeError(error, data));
  return uniqueFindings(findings);
}

function compileSchema(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, discriminator: true, strict: true, allowUnionTypes: true });
  // Read by editors' YAML plugins and by describeError below; ajv itself has nothing to do with it.
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  ajv.addFormat('date-time', isDateTime);
  return ajv.compile(assignmentSchema);
}

/** RFC 3339 with seconds and a time zone, as JSON Schema's date-time: a deadline must not depend on the server's zone. */
function isDateTime(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 61;
}

function describeError(error: ErrorObject, data: unknown): Finding[] {
  const path = toFieldPath(error.instancePath, data);
  const got = `(got ${describeValue(error.data)})`;
  const params = error.params as Record<string, any>;
  const schema = (error.parentSchema ?? {}) as Record<string, any>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(schema.properties ?? {});
      const suggestion = closestName(key, allowed);
      const hint = suggestion ? `did you mean '${suggestion}'?` : `allowed here: ${allowed.join(', ')}`;
      return [{ path: [...path, key], message: `unknown field '${key}' — ${hint}` }];
    }
    case 'required':
      return [{ path: [...path, params.missingProperty], message: 'is required but missing — add it' }];
    case 'type':
      return [{ path, message: `must be ${typeName(params.type)} ${got}` }];
    case 'enum': {
      const choices = (params.allowedValues as unknown[]).map(String);
      const suggestion = typeof error.data === 'string' ? closestName(error.data, choices) : undefined;
      const hint = suggestion ? ` — did you mean '${suggestion}'?` : '';
      return [{ path, message: `must be one of ${choices.join(', ')} ${got}${hint}` }];
    }
    case 'discriminator': {
      const kinds = checkerKinds(schema).join(', ');
      if (params.tagValue === undefined) return [{ path: [...path, params.tag], message: `is required but missing — add one of ${kinds}` }];
      return [{ path: [...path, params.tag], message: `must be one of ${kinds} (got ${describeValue(params.tagValue)})` }];
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return [{ path, message: `must be ${comparisonWords[params.comparison as string]} ${params.limit} ${got}` }];
    case 'minLength':
      return [{ path, message: params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long` }];
    case 'maxLength':
      return [{ path, message: `must be at most ${params.limit} characters long (got ${String(error.data).length})` }];
    case 'minItems':
      return [{ path, message: `must have at least ${params.limit} ${params.limit === 1 ? 'entry' : 'entries'}` }];
    case 'maxItems':
      return [{ path, message: `must have at most ${params.limit} entries (got ${(error.data as unknown[]).length})` }];
    case 'uniqueItems':
      return [{ path, message: `entries ${params.j} and ${params.i} are the same — list each once` }];
    case 'pattern': {
      const meaning = schema.patternErrorMessage ?? `text matching ${params.pattern}`;
      // Inside propertyNames the offending value is a key of the object at `path`.
      if (error.propertyName !== undefined) {
        return [{ path: [...path, error.propertyName], message: `key '${error.propertyName}' must be ${meaning}` }];
      }
      return [{ path, message: `must be ${meaning} ${got}` }];
    }
    case 'propertyNames':
      return []; // reported by the inner `pattern` error, which names the key
    case 'format':
      return [{ path, message: `must be a date-time with a time zone, like 2025-03-01T23:59:00+01:00 ${got}` }];
    default:
      return [{ path, message: `${error.message ?? 'is invalid'} ${got}` }];
  }
}

const comparisonWords: Record<string, string> = { '>=': 'at least', '>': 'greater than', '<=': 'at most', '<': 'less than' };

function typeName(type: string | string[]): string {
  const names: Record<string, string> = {
    integer: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'a mapping (key: value)',
    array: 'a list',
    null: 'empty',
  };
  const words = (Array.isArray(type) ? type : String(type).split(',')).map((name) => names[name] ?? name);
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function checkerKinds(schema: Record<string, any>): string[] {
  return (schema.oneOf ?? []).map((branch: any) => String(branch.properties?.kind?.const));
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** JSON pointer → field path; numeric segments become list indexes only where the data is a list. */
function toFieldPath(pointer: string, data: unknown): FieldPath {
  if (pointer === '') return [];
  const path: FieldPath = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(key));
      node = node[Number(key)];
    } else {
      path.push(key);
      node = (node as Record<string, unknown> | null)?.[key];
    }
  }
  return path;
}

function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = JSON.stringify([finding.path, finding.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
