import type { InStatement } from '@libsql/client';

/** Rows per INSERT statement; with at most 26 columns this stays far below SQLite's 32,766 arguments. */
export const ROWS_PER_INSERT_MAX = 1_000;

/**
 * A multi-row INSERT for one table: flat arguments in, statements of up to ROWS_PER_INSERT_MAX rows out.
 * Full chunks share one SQL text, so libSQL prepares it once.
 */
export function multiRowInsert(target: string, columns: number) {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  const sqlFor = (rows: number) =>
    `INSERT INTO ${target} VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
  let fullChunkSql: string | null = null;
  return {
    statements(args: readonly unknown[]): InStatement[] {
      const statements: InStatement[] = [];
      const chunkArgs = ROWS_PER_INSERT_MAX * columns;
      for (let start = 0; start < args.length; start += chunkArgs) {
        const chunk = args.slice(start, start + chunkArgs);
        const rows = chunk.length / columns;
        fullChunkSql ??= sqlFor(ROWS_PER_INSERT_MAX);
        statements.push({
          sql: rows === ROWS_PER_INSERT_MAX ? fullChunkSql : sqlFor(rows),
          args: chunk as never[],
        });
      }
      return statements;
    },
  };
}
