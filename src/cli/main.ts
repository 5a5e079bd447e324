import { existsSync } from 'node:fs';
import type { Client } from '@libsql/client';
import { type ChainSummary, verifyLedger } from '../capabilities/verify-ledger.ts';
import { DEFAULT_DATABASE_URL, filePathOf, openNodeDatabase } from '../db/client.ts';
import { LedgerStore } from '../db/ledger-store.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { EXPORT_HLEDGER_USAGE, exportHledgerCommand } from './export-hledger.ts';
import { IMPORT_DONATIONS_USAGE, importDonationsCommand } from './import-donations.ts';
import { IMPORT_STATEMENT_USAGE, importStatementCommand } from './import-statement.ts';
import { USER_CREATE_USAGE, userCreate } from './user-create.ts';
import { VIETQR_USAGE, vietqr } from './vietqr.ts';

/** The `soquy` command line. DATABASE_URL names the database, as for the server. */
const USAGE = `usage: soquy <command>

commands:
  verify [--json]   recompute every balance from the postings, check every ledger invariant and
                    walk the journal's hash chain; exits 1 on any violation
  user create …     ${USER_CREATE_USAGE.replace('soquy user create ', '')}
  import donations … ${IMPORT_DONATIONS_USAGE.replace('soquy import donations ', '')}
  import statement … ${IMPORT_STATEMENT_USAGE.replace('soquy import statement ', '')}
  vietqr …          ${VIETQR_USAGE.replace('soquy vietqr ', '')}
  export hledger …  ${EXPORT_HLEDGER_USAGE.replace('soquy export hledger ', '')}

environment: DATABASE_URL (default ${DEFAULT_DATABASE_URL})`;

/** Opens the database DATABASE_URL names; a file that does not exist is an error, not a new ledger. */
async function openExisting(command: string): Promise<{ client: Client; url: string } | null> {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const path = filePathOf(url);
  if (path && !existsSync(path)) {
    console.error(`soquy ${command}: no database at ${path}`);
    return null;
  }
  return { client: await openNodeDatabase(url), url };
}

async function user(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') {
    console.error(USAGE);
    return 2;
  }
  const opened = await openExisting('user create');
  if (!opened) return 2;
  try {
    await migrateDatabase(opened.client);
    return await userCreate(opened.client, rest);
  } finally {
    opened.client.close();
  }
}

async function importList(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'donations' && sub !== 'statement') {
    console.error(USAGE);
    return 2;
  }
  const opened = await openExisting(`import ${sub}`);
  if (!opened) return 2;
  try {
    await migrateDatabase(opened.client);
    if (sub === 'statement') return await importStatementCommand(opened.client, rest);
    return await importDonationsCommand(opened.client, rest);
  } finally {
    opened.client.close();
  }
}

async function exportJournal(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'hledger') {
    console.error(USAGE);
    return 2;
  }
  const opened = await openExisting('export hledger');
  if (!opened) return 2;
  try {
    return await exportHledgerCommand(opened.client, rest);
  } finally {
    opened.client.close();
  }
}

/** The chain's head, which anyone may note to check later that the past was not rewritten. */
function chainLine(chain: ChainSummary): string {
  const head = chain.head;
  const at = head?.at ? ` (recorded ${head.at})` : '';
  const broken = chain.firstBroken
    ? `; first broken link: seq ${chain.firstBroken.seq}, entry ${chain.firstBroken.entryId}`
    : '';
  return `Hash chain head: seq ${head?.seq ?? 0}, hash ${head?.hash ?? 'none'}${at}${broken}`;
}

async function verify(args: string[]): Promise<number> {
  const opened = await openExisting('verify');
  if (!opened) return 2;
  const { client, url } = opened;
  try {
    const report = await verifyLedger({ store: new LedgerStore(client) });
    if (args.includes('--json')) {
      console.log(JSON.stringify(report));
    } else {
      const { counts } = report;
      console.log(`Sổ Quỹ verify — ${url}`);
      console.log(
        `${counts.units} units, ${counts.funds} funds, ${counts.accounts} accounts, ${counts.entries} entries, ${counts.postings} postings`,
      );
      for (const check of report.checks) {
        console.log(
          `${check.violations === 0 ? 'ok  ' : 'FAIL'} ${check.name}: ${check.description}${check.violations ? ` — ${check.violations} violation(s)` : ''}`,
        );
        for (const example of check.examples) console.log(`       ${example}`);
      }
      console.log(chainLine(report.chain));
      const failed = report.checks.filter((check) => check.violations > 0).length;
      console.log(
        report.ok
          ? `All ${report.checks.length} checks passed.`
          : `${failed} of ${report.checks.length} checks failed.`,
      );
    }
    return report.ok ? 0 : 1;
  } finally {
    client.close();
  }
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  verify,
  user,
  vietqr,
  import: importList,
  export: exportJournal,
};

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  console.error(USAGE);
  process.exitCode = name === undefined || name === '--help' ? 0 : 2;
} else {
  process.exitCode = await command(args);
}
