import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { DomainError } from '../domain/errors.ts';

/**
 * zValidator that throws into app.onError, so an invalid field becomes the same 422 problem
 * (with an `errors` list naming each field) as every other refusal.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result) => {
    if (result.success) return;
    const errors = result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || target,
      detail: issue.message,
    }));
    throw new DomainError('validation-failed', describe(errors), { fieldErrors: errors });
  });
}

function describe(errors: { field: string; detail: string }[]): string {
  const shown = errors.slice(0, 3).map((error) => `${error.field}: ${error.detail}`);
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  return `Please correct these fields — ${shown.join('; ')}${more}.`;
}
