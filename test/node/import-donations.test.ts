import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { amountDigits, importDonations, isoDateOf } from '../../src/cli/import-donations.ts';
import { provinceWithFund, TestApi } from '../support/api.ts';
import { freshDatabase } from '../support/database.ts';

function soquy(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, ['bin/soquy.js', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const HEADER = '\uFEFFSTT;Họ và tên;Loại;Số tiền (VNĐ);Ngày nộp;Số tham chiếu;Ghi chú;Công khai\r\n';

async function donationCount(client: Client): Promise<number> {
  return Number((await client.execute('SELECT count(*) AS n FROM donations')).rows[0]!.n);
}

async function bankDebit(client: Client, fundId: string): Promise<number> {
  const result = await client.execute({
    sql: "SELECT debit_total_minor AS d FROM accounts WHERE fund_id = ? AND role = 'bank' AND currency = 'VND'",
    args: [fundId],
  });
  return Number(result.rows[0]?.d ?? 0);
}

describe('soquy import donations', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let folder: string;
  let fundId: string;
  beforeEach(async () => {
    database = await freshDatabase('file');
    folder = mkdtempSync(join(tmpdir(), 'soquy-import-'));
    fundId = (await provinceWithFund(new TestApi(database.client))).fund.id as string;
  });
  afterEach(() => {
    database.cleanup();
    rmSync(folder, { recursive: true, force: true });
  });

  function csv(name: string, text: string): string {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  }

  it('records every row of a Vietnamese payroll list (BOM, semicolons, 1.000.000, dd/mm/yyyy)', async () => {
    const file = csv(
      'luong.csv',
      `${HEADER}1;Lò Văn Minh;Cá nhân;1.000.000;05/03/2024;FT24065001;;có\r\n` +
        '2;"Nguyễn Thị ""Hoa""";;500.000;5/3/2024;FT24065002;"tháng 3; đợt 1";\r\n' +
        '3;Công ty TNHH Sông Đà;Tổ chức;12.500.000;2024-03-06;;ủng hộ;không\r\n' +
        ';;;;;;;\r\n',
    );
    const run = soquy(
      ['import', 'donations', file, '--fund', fundId, '--channel', 'payroll', '--json'],
      database.url,
    );
    expect(run.stderr).toMatch(/ignored columns: STT/);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({ read: 3, recorded: 3, errors: 0 });
    expect(await donationCount(database.client)).toBe(3);
    expect(await bankDebit(database.client, fundId)).toBe(14_000_000);
    const rows = (
      await database.client.execute(
        'SELECT o.name, o.kind, d.disclosure, d.memo, d.received_on FROM donations d JOIN donors o ON o.id = d.donor_id ORDER BY d.bank_ref',
      )
    ).rows.map((row) => ({ ...row }));
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'Nguyễn Thị "Hoa"',
          memo: 'tháng 3; đợt 1',
          disclosure: 'on_request',
        }),
        expect.objectContaining({ name: 'Lò Văn Minh', disclosure: 'public', received_on: '2024-03-05' }),
        expect.objectContaining({
          name: 'Công ty TNHH Sông Đà',
          kind: 'organisation',
          disclosure: 'anonymous',
        }),
      ]),
    );
  });

  it('records nothing when rows are bad, naming each bad row and field', async () => {
    const file = csv(
      'bad.csv',
      `${HEADER}1;Lò Văn Minh;;1.000.000;05/03/2024;FT1;;\n` +
        '2;Lò Thị Hoa;;1.000,50;05/03/2024;FT2;;\n' +
        '3;Vàng A Sinh;;200.000;31/02/2024;FT3;;\n' +
        '4;Giàng Thị Dua;;300.000;06/03/2024;FT4;;\n',
    );
    const run = soquy(['import', 'donations', file, '--fund', fundId, '--json'], database.url);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/row 2 \(line 3\), Số tiền \(VNĐ\): "1\.000,50" must be a whole number/);
    expect(run.stderr).toMatch(/row 3 \(line 4\), Ngày nộp: "31\/02\/2024" is not a valid date/);
    expect(run.stderr).toMatch(/2 of 4 rows cannot be recorded/);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({ read: 4, recorded: 0, errors: 2 });
    expect(await donationCount(database.client)).toBe(0);
  });

  it('refuses duplicates within the file and bank references already recorded', async () => {
    const first = csv('first.csv', 'name,amount,date,bank_ref\nLo Van Minh,"1,000,000",2024-03-05,FT1\n');
    expect(soquy(['import', 'donations', first, '--fund', fundId], database.url).status).toBe(0);
    const again = csv(
      'again.csv',
      'name,amount,date,bank_ref\n' +
        'Lo Van Minh,1000000,2024-03-05,FT1\n' +
        'Lo Thi Hoa,200000,2024-03-05,FT2\n' +
        'Lo Thi Hoa,200000,2024-03-05,FT2\n' +
        'Vang A Sinh,300000,2024-03-05,\n' +
        'vàng a sinh,300.000,05/03/2024,\n',
    );
    const run = soquy(['import', 'donations', again, '--fund', fundId], database.url);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /row 1 \(line 2\), bank_ref: duplicate: bank reference FT1 is already recorded/,
    );
    expect(run.stderr).toMatch(/row 3 \(line 4\), bank_ref: duplicate: same bank reference as row 2/);
    expect(run.stderr).toMatch(/row 5 \(line 6\), name: duplicate: same donor, amount and date as row 4/);
    expect(await donationCount(database.client)).toBe(1);
  });

  it('exits 2 with the usage when --fund is missing', () => {
    const file = csv('x.csv', 'name,amount,date\nA,1000,2024-03-05\n');
    const run = soquy(['import', 'donations', file], database.url);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--fund is required/);
    expect(run.stderr).toMatch(/usage: soquy import donations FILE\.csv --fund FUND_ID/);
  });

  it('records a list larger than one chunk, chunk by chunk, in-process', async () => {
    const lines = ['Họ tên,Số tiền,Ngày'];
    for (let index = 1; index <= 25; index += 1) lines.push(`Người ${index},"${index},000",01/04/2024`);
    const file = csv('many.csv', `${lines.join('\n')}\n`);
    const result = await importDonations(database.client, { file, fundId, chunkRows: 10 });
    expect(result).toMatchObject({ read: 25, recorded: 25, errorCount: 0, failure: null });
    expect(await bankDebit(database.client, fundId)).toBe(325_000);
  });
});

describe('CSV cell parsing', () => {
  it('reads VND amounts with thousands separators and refuses decimals', () => {
    expect(amountDigits('1.000.000')).toBe('1000000');
    expect(amountDigits('1,000,000')).toBe('1000000');
    expect(amountDigits('1000000')).toBe('1000000');
    expect(amountDigits('1 000 000 đ')).toBe('1000000');
    expect(amountDigits('1.000,50')).toBeNull();
    expect(amountDigits('1,5')).toBeNull();
    expect(amountDigits('1.000,000')).toBeNull();
  });

  it('reads dd/mm/yyyy and YYYY-MM-DD dates', () => {
    expect(isoDateOf('05/03/2024')).toBe('2024-03-05');
    expect(isoDateOf('5/3/2024')).toBe('2024-03-05');
    expect(isoDateOf('2024-03-05')).toBe('2024-03-05');
    expect(isoDateOf('03-2024')).toBeNull();
  });
});
