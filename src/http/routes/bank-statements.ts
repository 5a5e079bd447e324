import type { Context } from 'hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodType } from 'zod';
import { bankAccountFor, importStatement, type StatementFormat } from '../../capabilities/bank-statements.ts';
import { reconcileBankAccount } from '../../capabilities/reconciliation.ts';
import { statementLineToDonation } from '../../capabilities/statement-donation.ts';
import {
  confirmStatementLine,
  ignoreStatementLine,
  listStatementLines,
  matchStatementLine,
  unmatchStatementLine,
} from '../../capabilities/statement-lines.ts';
import { statementStoreOf } from '../../db/statement-store.ts';
import { readStatementFile } from '../../domain/bank-statements/file.ts';
import { customPreset, presetById, type StatementPreset } from '../../domain/bank-statements/presets.ts';
import { DomainError, type FieldError } from '../../domain/errors.ts';
import { writeContext } from '../context.ts';
import type { AppEnv } from '../env.ts';
import { sendWrite } from '../idempotency.ts';
import { problem } from '../problem.ts';
import {
  type CustomMappingBody,
  ignoreLineBody,
  lineDonationBody,
  listStatementLinesQuery,
  matchLineBody,
  reconciliationQuery,
  statementUploadForm,
  statementUploadJson,
} from '../statement-schemas.ts';
import { validate } from '../validation.ts';

/**
 * Bank statements of a fund's bank account (issue 7): import a file (multipart `file` + `format`, or JSON
 * with the file in base64), read and act on its lines, and reconcile the account with the books.
 */

function statementDeps(c: Context<AppEnv>) {
  return { store: statementStoreOf(c.var.deps.store), nowMs: c.var.deps.nowMs };
}

/** A zod failure as the same 422 problem validate() gives (src/http/validation.ts). */
function parsed<T>(schema: ZodType<T>, value: unknown, prefix: string[] = []): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), detail: 'is not a known field' }));
    }
    return [{ field: path.join('.') || 'body', detail: issue.message }];
  });
  const shown = errors.slice(0, 3).map((error) => `${error.field}: ${error.detail}`);
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  throw new DomainError('validation-failed', `Please correct these fields — ${shown.join('; ')}${more}.`, {
    fieldErrors: errors,
  });
}

interface Upload {
  format: StatementFormat;
  fileName: string | null;
  bytes: Uint8Array;
  year: number | undefined;
  mapping: CustomMappingBody | undefined;
}

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

async function jsonUpload(c: Context<AppEnv>): Promise<Upload> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new HTTPException(400, { message: 'Malformed JSON in request body' });
  }
  const upload = parsed(statementUploadJson, body);
  return {
    format: upload.format,
    fileName: upload.fileName ?? null,
    bytes: base64Bytes(upload.contentBase64),
    year: upload.year,
    mapping: upload.mapping,
  };
}

async function formUpload(c: Context<AppEnv>): Promise<Upload> {
  let form: Record<string, string | File>;
  try {
    form = (await c.req.parseBody()) as Record<string, string | File>;
  } catch (error) {
    if (error instanceof HTTPException) throw error;
    throw new HTTPException(400, { message: 'Malformed multipart body' });
  }
  const fields = parsed(statementUploadForm, {
    format: form.format,
    year: typeof form.year === 'string' && form.year !== '' ? form.year : undefined,
    mapping: typeof form.mapping === 'string' && form.mapping !== '' ? form.mapping : undefined,
  });
  const file = form.file;
  if (!(file instanceof File)) {
    throw new DomainError('validation-failed', 'Send the statement as the form field "file".', {
      fieldErrors: [{ field: 'file', detail: 'required: the statement file' }],
    });
  }
  if (fields.format === 'custom' && fields.mapping === undefined) {
    throw new DomainError('validation-failed', 'A custom format needs its column mapping.', {
      fieldErrors: [{ field: 'mapping', detail: 'required with format custom' }],
    });
  }
  const fileName = file.name.replace(/^.*[/\\]/, '').slice(0, 200) || null;
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { format: fields.format, fileName, bytes, year: fields.year, mapping: fields.mapping };
}

function presetOf(upload: Upload): StatementPreset {
  if (upload.format === 'custom') return customPreset(upload.mapping!);
  return presetById(upload.format)!;
}

async function sha256HexOf(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const MEDIA_TYPE_PROBLEM =
  'Send the statement as multipart/form-data (fields file and format) or as JSON (format, contentBase64).';

export const bankStatementRoutes = new Hono<AppEnv>()
  .post('/:accountId/statements', async (c) => {
    const accountId = c.req.param('accountId');
    const deps = statementDeps(c);
    const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
    const isJson = /^application\/([\w.-]+\+)?json$/.test(mediaType);
    if (!isJson && mediaType !== 'multipart/form-data')
      return problem(c, 'unsupported-media-type', MEDIA_TYPE_PROBLEM);
    // Who may import here, before a large file is read.
    await bankAccountFor(deps.store, c.var.actor, accountId, 'ledger.record');
    const upload = isJson ? await jsonUpload(c) : await formUpload(c);
    const fileSha256 = await sha256HexOf(upload.bytes);
    const { format, fileName, year, mapping } = upload;
    const context = await writeContext(c, { accountId, format, fileName, fileSha256, year, mapping });
    const read = readStatementFile(
      upload.bytes,
      presetOf(upload),
      year === undefined ? {} : { defaultYear: year },
    );
    return sendWrite(
      c,
      await importStatement(deps, context, { accountId, format, fileName, fileSha256, read }),
    );
  })
  .get('/:accountId/lines', validate('query', listStatementLinesQuery), async (c) =>
    c.json(
      await listStatementLines(statementDeps(c), c.var.actor, {
        accountId: c.req.param('accountId'),
        ...c.req.valid('query'),
      }),
    ),
  )
  .post('/:accountId/lines/:lineId/match', validate('json', matchLineBody), async (c) => {
    const input = {
      accountId: c.req.param('accountId'),
      lineId: c.req.param('lineId'),
      ...c.req.valid('json'),
    };
    return sendWrite(c, await matchStatementLine(statementDeps(c), await writeContext(c, input, 200), input));
  })
  .post('/:accountId/lines/:lineId/confirm', async (c) => {
    const input = { accountId: c.req.param('accountId'), lineId: c.req.param('lineId') };
    return sendWrite(
      c,
      await confirmStatementLine(statementDeps(c), await writeContext(c, input, 200), input),
    );
  })
  .post('/:accountId/lines/:lineId/unmatch', async (c) => {
    const input = { accountId: c.req.param('accountId'), lineId: c.req.param('lineId') };
    return sendWrite(
      c,
      await unmatchStatementLine(statementDeps(c), await writeContext(c, input, 200), input),
    );
  })
  .post('/:accountId/lines/:lineId/ignore', validate('json', ignoreLineBody), async (c) => {
    const input = {
      accountId: c.req.param('accountId'),
      lineId: c.req.param('lineId'),
      ...c.req.valid('json'),
    };
    return sendWrite(
      c,
      await ignoreStatementLine(statementDeps(c), await writeContext(c, input, 200), input),
    );
  })
  .post('/:accountId/lines/:lineId/donation', validate('json', lineDonationBody), async (c) => {
    const input = {
      accountId: c.req.param('accountId'),
      lineId: c.req.param('lineId'),
      ...c.req.valid('json'),
    };
    return sendWrite(c, await statementLineToDonation(statementDeps(c), await writeContext(c, input), input));
  })
  .get('/:accountId/reconciliation', validate('query', reconciliationQuery), async (c) =>
    c.json(
      await reconcileBankAccount(statementDeps(c), c.var.actor, {
        accountId: c.req.param('accountId'),
        ...c.req.valid('query'),
      }),
    ),
  );
