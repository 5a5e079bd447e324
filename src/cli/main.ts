import { existsSync } from 'node:fs';
import { verifyLedger } from '../capabilities/verify-ledger.ts';
import { DEFAULT_DATABASE_URL, filePathOf, openNodeDatabase } from '../db/client.ts';
import { LedgerStore } from '../db/ledger-store.ts';

/** The `soquy` command line. DATABASE_URL names the database, as for the server. */
const USAGE = `usage: soquy <command>

commands:
  verify [--json]   recompute every balance from the postings and check every ledger invariant;
                    exits 1 on any violation

environment: DATABASE_URL (default ${DEFAULT_DATABASE_URL})`;

async function verify(args: string[]): Promise<number> {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const path = filePathOf(url);
  if (path && !existsSync(path)) {
    console.error(`soquy verify: no database at ${path}`);
    return 2;
  }
  const client = await openNodeDatabase(url);
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

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = { verify };

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  console.error(USAGE);
  process.exitCode = name === undefined || name === '--help' ? 0 : 2;
} else {
  process.exitCode = await command(args);
}
