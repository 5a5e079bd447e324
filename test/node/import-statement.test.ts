import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importStatementFile, type ReadProgress } from '../../src/cli/import-statement.ts';
import { provinceWithFund, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';
import { buildXlsx, excelSerial, saokeFixtureText, saokeRows } from '../support/statements.ts';

function soquy(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, ['bin/soquy.js', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

const SUMMARY_KEYS = ['read', 'new', 'duplicates', 'matched', 'suggested', 'unmatched'];

describe('soquy import statement', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let folder: string;
  let api: TestApi;
  let bank: string;
  let cash: string;
  let fundId: string;

  beforeEach(async () => {
    database = await freshDatabase('file');
    folder = mkdtempSync(join(tmpdir(), 'soquy-statement-'));
    api = new TestApi(database.client);
    const made = await provinceWithFund(api);
    bank = made.accounts.bank!;
    cash = made.accounts.cash!;
    fundId = made.fund.id;
  });
  afterEach(() => {
    database.cleanup();
    rmSync(folder, { recursive: true, force: true });
  });

  function file(name: string, content: string | Uint8Array): string {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  }

  it('imports the gzip-compressed sao kê rows, matches a recorded gift, and prints the exact --json summary last', async () => {
    // Row 3 of the fixture: 10.000.000 ₫ from LE THI TRANG TIEN, FT24254608201092 in the memo.
    await api.create('/api/v1/donations', {
      fundId,
      amount: '10000000',
      currency: 'VND',
      receivedOn: '2024-09-10',
      channel: 'bank_transfer',
      donor: { kind: 'individual', name: 'Lê Thị Trang Tiên' },
      disclosure: 'public',
      bankRef: 'FT24254608201092',
    });
    const path = file('MTTQ_BIDV_10-17.csv.gz', gzipSync(Buffer.from(saokeFixtureText(), 'utf8')));
    const run = soquy(
      ['import', 'statement', path, '--account', bank, '--format', 'saoke', '--json'],
      database.url,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const summary = lastJson(run.stdout);
    expect(Object.keys(summary)).toEqual(SUMMARY_KEYS);
    expect(summary).toEqual({
      read: 2000,
      new: 2000,
      duplicates: 0,
      matched: 1,
      suggested: 0,
      unmatched: 1999,
    });
    expect(run.stdout.trim().split('\n').at(-1)).toBe(
      '{"read":2000,"new":2000,"duplicates":0,"matched":1,"suggested":0,"unmatched":1999}',
    );

    const again = soquy(
      ['import', 'statement', path, '--account', bank, '--format', 'saoke', '--json'],
      database.url,
    );
    expect(again.status).toBe(0);
    expect(lastJson(again.stdout)).toEqual({
      read: 2000,
      new: 0,
      duplicates: 2000,
      matched: 0,
      suggested: 0,
      unmatched: 0,
    });
    const audit = await database.client.execute(
      "SELECT actor_id, outcome FROM audit_log WHERE action = 'statements.import'",
    );
    expect(audit.rows.map((row) => [row.actor_id, row.outcome])).toEqual([
      ['system', 'success'],
      ['system', 'success'],
    ]);
  });

  it('says what it did in words without --json, reads an overlapping file, a year, an .xlsx and a custom mapping', async () => {
    const early = file('early.csv', saokeRows(1, 300));
    const late = file('late.csv', saokeRows(201, 400));
    expect(
      soquy(['import', 'statement', early, '--account', bank, '--format', 'saoke'], database.url).status,
    ).toBe(0);
    const words = soquy(['import', 'statement', late, '--account', bank, '--format', 'saoke'], database.url);
    expect(words.status).toBe(0);
    expect(words.stdout).toContain(
      `Imported ${late} into account ${bank}: 200 lines read, 100 new, 100 already imported.`,
    );
    expect(words.stdout).toContain('New lines: 0 matched, 0 suggested (to confirm), 100 unmatched.');

    const year = file(
      '2025.csv',
      'date,bank,id,money,desc,page\n18/09,BIDV,4,500000,LE TU BINH Chuyen tien,_\n',
    );
    expect(
      soquy(
        ['import', 'statement', year, '--account', bank, '--format', 'saoke', '--year', '2025'],
        database.url,
      ).status,
    ).toBe(0);
    const workbook = file(
      'vcb.xlsx',
      buildXlsx([
        ['Ngày giao dịch', 'Số tham chiếu', 'Số tiền ghi nợ', 'Số tiền ghi có', 'Số dư', 'Mô tả'],
        [{ date: excelSerial('2024-10-01') }, '5080.1', null, 700_000, 700_000, 'NGO VAN LONG ung ho'],
      ]),
    );
    expect(
      lastJson(
        soquy(['import', 'statement', workbook, '--account', bank, '--format', 'vcb', '--json'], database.url)
          .stdout,
      ),
    ).toMatchObject({ read: 1, new: 1 });
    const mapping = file(
      'mapping.json',
      JSON.stringify({
        columns: { date: 'Ngày', credit: 'Thu', description: 'Nội dung' },
        defaultYear: 2024,
      }),
    );
    const custom = file('so-quy.csv', 'Ngày;Nội dung;Thu\n02/10;Thu tiền ủng hộ;150.000\n');
    const customRun = soquy(
      [
        'import',
        'statement',
        custom,
        '--account',
        bank,
        '--format',
        'custom',
        '--mapping',
        mapping,
        '--json',
      ],
      database.url,
    );
    expect(customRun.status, customRun.stderr).toBe(0);
    const dates = await database.client.execute({
      sql: 'SELECT date FROM bank_statement_lines WHERE account_id = ? AND date >= ? ORDER BY date',
      args: [bank, '2024-10-01'],
    });
    expect(dates.rows.map((row) => row.date)).toEqual(['2024-10-01', '2024-10-02', '2025-09-18']);
  });

  it('refuses a file with unreadable rows (exit 1, naming them) and an account that is not a bank account', async () => {
    const bad = file(
      'bad.csv',
      'Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Nội dung\n05/09/2024,TC1,,1.000,,ok\n32/09/2024,TC2,,1.000,,bad date\n',
    );
    const run = soquy(
      ['import', 'statement', bad, '--account', bank, '--format', 'generic-vn', '--json'],
      database.url,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('1 row(s) of the statement cannot be read, so nothing was imported');
    expect(run.stderr).toContain('row 3: "32/09/2024" is not a statement date: no such day');
    expect(run.stdout).toBe('');
    const wrong = soquy(
      ['import', 'statement', bad, '--account', cash, '--format', 'generic-vn'],
      database.url,
    );
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/is not a bank account \(its role is cash\)/);
    const count = await database.client.execute('SELECT count(*) AS n FROM bank_statement_lines');
    expect(Number(count.rows[0]!.n)).toBe(0);
  });

  it('explains its usage (exit 2) for a missing account or format, an unknown format, a missing file or a bad year', () => {
    const path = file('x.csv', 'x');
    for (const args of [
      [path, '--format', 'saoke'],
      [path, '--account', bank],
      [path, '--account', bank, '--format', 'acb'],
      [join(folder, 'missing.csv'), '--account', bank, '--format', 'saoke'],
      [path, '--account', bank, '--format', 'saoke', '--year', '24'],
      [path, '--account', bank, '--format', 'custom'],
      [path, '--account', bank, '--format', 'saoke', '--bogus'],
    ]) {
      const run = soquy(['import', 'statement', ...args], database.url);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^soquy import statement: /);
      expect(run.stderr).toContain('usage: soquy import statement FILE --account ACCOUNT_ID');
    }
  });

  it('streams the file, reporting rows, lines and bytes as it reads', async () => {
    const path = file('bidv.csv.gz', gzipSync(Buffer.from(saokeFixtureText(), 'utf8')));
    const progress: ReadProgress[] = [];
    const view = await importStatementFile(database.client, {
      file: path,
      accountId: bank,
      format: 'saoke',
      onProgress: (report) => progress.push(report),
    });
    expect(view).toMatchObject({ read: 2000, new: 2000, fileName: 'bidv.csv.gz', importedBy: 'system' });
    expect(progress.at(-1)).toMatchObject({
      phase: 'matching',
      rows: 2001,
      lines: 2000,
      bytes: statSync(path).size,
      fileBytes: statSync(path).size,
    });
    expect(progress.every((report) => report.elapsedMs >= 0)).toBe(true);
  });
});
