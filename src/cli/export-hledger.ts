import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Client } from '@libsql/client';
import { SYSTEM_ACTOR } from '../capabilities/context.ts';
import { exportHledger } from '../capabilities/export-hledger.ts';
import { LedgerStore } from '../db/ledger-store.ts';
import { isDateInRange, isIsoDate } from '../domain/dates.ts';
import { DATE_MAX, DATE_MIN } from '../domain/limits.ts';

export const EXPORT_HLEDGER_USAGE = `soquy export hledger [--fund ID] [--unit ID] [--from DATE] [--to DATE]
                    writes the journal (a fund's, a unit's and its descendants', or every fund's;
                    entries dated from..to inclusive) to stdout as an hledger journal`;

function usage(problem: string): number {
  console.error(`soquy export hledger: ${problem}`);
  console.error(`usage: ${EXPORT_HLEDGER_USAGE}`);
  return 2;
}

function dateProblem(flag: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!isIsoDate(value)) return `${flag} must be a date written YYYY-MM-DD`;
  if (!isDateInRange(value)) return `${flag} must be between ${DATE_MIN} and ${DATE_MAX}`;
  return null;
}

/** `soquy export hledger …` as the server itself (system actor), like `soquy verify`: the journal on stdout. */
export async function exportHledgerCommand(client: Client, args: string[]): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        fund: { type: 'string' },
        unit: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  const problem = dateProblem('--from', values.from) ?? dateProblem('--to', values.to);
  if (problem) return usage(problem);
  if (values.from && values.to && values.from > values.to) return usage('--to must not be before --from');
  let chunks: AsyncIterable<string>;
  try {
    chunks = await exportHledger({ store: new LedgerStore(client) }, SYSTEM_ACTOR, {
      scope: { fundId: values.fund ?? null, unitId: values.unit ?? null },
      range: { from: values.from ?? null, to: values.to ?? null },
    });
  } catch (error) {
    console.error(`soquy export hledger: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  for await (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
  return 0;
}
