/**
 * (5) `soquy import donations` in-process: a generated CSV list (BOM, semicolons, Vietnamese headers,
 * "1.000.000" amounts, dd/mm/yyyy dates, a bank reference per row) imported into a fresh file database
 * through importDonations — both passes (check, then record chunk by chunk), file reading included.
 */

import { once } from 'node:events';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { importDonations } from '../src/cli/import-donations.ts';
import { freshBenchDatabase } from './setup.ts';
import { msSince, perSecond, round } from './stats.ts';

/** Rows of the generated list: five chunks of DONATIONS_PER_BATCH_MAX. */
export const IMPORT_ROWS = 100_000;

export interface ImportRun {
  rows: number;
  fileBytes: number;
  /** Both passes. */
  ms: number;
  /** The first pass alone: reading, mapping, schema and duplicate checks. */
  checkMs: number;
  rowsPerSecond: number;
}

function vnd(amount: number): string {
  return amount.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

async function writeList(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('\uFEFFSTT;Họ và tên;Số tiền;Ngày nộp;Số tham chiếu;Ghi chú\r\n');
  for (let row = 1; row <= rows; row += 1) {
    const day = String((row % 28) + 1).padStart(2, '0');
    const month = String((row % 12) + 1).padStart(2, '0');
    await write(
      `${row};Người ủng hộ số ${row};${vnd(50_000 + (row % 200) * 10_000)};${day}/${month}/2024;FT24${String(row).padStart(8, '0')};Lương tháng ${month}\r\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

export async function importBench(folder: string, rows: number): Promise<ImportRun> {
  const database = await freshBenchDatabase(folder, 'import');
  const file = join(folder, 'import.csv');
  await writeList(file, rows);
  let checkMs = 0;
  const start = process.hrtime.bigint();
  const result = await importDonations(database.client, {
    file,
    fundId: database.fund.fundId,
    channel: 'payroll',
    onProgress: ({ phase, elapsedMs }) => {
      if (phase === 'checking') checkMs = elapsedMs;
    },
  });
  const ms = msSince(start);
  if (result.recorded !== rows)
    throw new Error(
      `import recorded ${result.recorded} of ${rows} rows: ${result.failure ?? result.errors[0]}`,
    );
  const fileBytes = statSync(file).size;
  database.client.close();
  for (const path of [file, database.path, `${database.path}-wal`, `${database.path}-shm`])
    rmSync(path, { force: true });
  return {
    rows,
    fileBytes,
    ms: round(ms, 1),
    checkMs: round(checkMs, 1),
    rowsPerSecond: perSecond(rows, ms),
  };
}
