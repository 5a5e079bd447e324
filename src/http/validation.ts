import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodType } from 'zod';
import { DomainError, type FieldError } from '../domain/errors.ts';

/** The media types Hono's json validator reads; any other body is silently ignored by it. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * zValidator that throws into app.onError, so an invalid field becomes the same 422 problem
 * (with an `errors` list naming each field) as every other refusal. A JSON body sent under another
 * Content-Type is refused with 415 instead of being read as an empty object.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result, c) => {
    if (target === 'json') {
      const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim();
      if (!JSON_MEDIA_TYPE.test(mediaType)) {
        throw new HTTPException(415, { message: `Unsupported Content-Type: ${mediaType || 'none'}` });
      }
    }
    if (result.success) return;
    const errors = result.error.issues.flatMap((issue): FieldError[] => {
      const path = issue.path.map(String);
      // A strict object names the keys it does not know; report each as its own field.
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ field: [...path, key].join('.'), detail: 'is not a known field' }));
      }
      return [{ field: path.join('.') || target, detail: issue.message }];
    });
    throw new DomainError('validation-failed', describe(errors), { fieldErrors: errors });
  });
}

function describe(errors: { field: string; detail: string }[]): string {
  const shown = errors.slice(0, 3).map((error) => `${error.field}: ${error.detail}`);
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  return `Please correct these fields — ${shown.join('; ')}${more}.`;
}
