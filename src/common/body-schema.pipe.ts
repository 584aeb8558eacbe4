import { Injectable, type PipeTransform } from '@nestjs/common';
import { Ajv, type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { DomainError } from './domain-error.js';

const ajv = new Ajv({ allErrors: true, strict: true });

/**
 * Checks a JSON body against a schema (ajv is already how the grader validates its YAML) and refuses it with
 * one message naming every wrong field, e.g. `email: must be a string; unexpected field "mail"`.
 */
@Injectable()
export class BodySchemaPipe<T> implements PipeTransform<unknown, T> {
  private readonly validate: ValidateFunction<T>;

  constructor(schema: JSONSchemaType<T>) {
    this.validate = ajv.compile(schema);
  }

  transform(value: unknown): T {
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DomainError('invalid', 'Send a JSON object as the request body (Content-Type: application/json).');
    }
    if (this.validate(value)) return value;
    const problems = (this.validate.errors ?? []).map(describe);
    throw new DomainError('invalid', [...new Set(problems)].join('; '));
  }
}

function describe(error: ErrorObject): string {
  const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${prefix(field)}${String(params.missingProperty)} is required`;
    case 'additionalProperties':
      return `${prefix(field)}unexpected field "${String(params.additionalProperty)}"`;
    case 'enum':
      return `${field}: must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    default:
      return `${field || 'body'}: ${error.message ?? 'is not valid'}`;
  }
}

function prefix(field: string): string {
  return field ? `${field}.` : '';
}
