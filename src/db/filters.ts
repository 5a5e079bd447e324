import type { InValue } from '@libsql/client';

/**
 * A WHERE clause made of only the filters a request gave. `(? IS NULL OR col = ?)` reads nicely but the
 * planner cannot see through it and scans the whole table; the large tables (donations, audit log) build
 * their conditions here instead so each query gets the index that fits it.
 */
export class Filters {
  private readonly parts: string[] = [];
  readonly args: InValue[] = [];

  /** Adds `sql` with its arguments when `value` is present. */
  when(value: InValue | undefined, sql: string, args: InValue[] = [value ?? null]): this {
    if (value !== null && value !== undefined) this.add(sql, args);
    return this;
  }

  add(sql: string, args: InValue[] = []): this {
    this.parts.push(sql);
    this.args.push(...args);
    return this;
  }

  get sql(): string {
    return this.parts.length === 0 ? '1 = 1' : this.parts.join(' AND ');
  }
}
