import { DomainError } from '../domain/errors.ts';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../domain/limits.ts';

/** Keyset pagination: the cursor is the last row's sort key, opaque to clients (base64url JSON). */
export function encodeCursor(key: readonly (string | number)[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const key: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every(
        (part) => typeof part === 'string' || (typeof part === 'number' && Number.isSafeInteger(part)),
      )
    ) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the refusal below
  }
  throw unknownCursor();
}

/** A one-part cursor whose key is a row number (posting ids); anything else is refused, never queried. */
export function decodeNumberCursor(cursor: string): number {
  const [key] = decodeCursor(cursor, 1);
  if (typeof key !== 'number') throw unknownCursor();
  return key;
}

function unknownCursor(): DomainError {
  return new DomainError('validation-failed', 'The cursor is not one this server gave out.', {
    fieldErrors: [{ field: 'cursor', detail: 'unknown cursor; start again without it' }],
  });
}

export function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? PAGE_SIZE_DEFAULT, 1), PAGE_SIZE_MAX);
}

/** Cuts the one extra row a store was asked for into the page and the cursor that follows it. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => (string | number)[],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
