import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATEMENT_UPLOAD_BODY_BYTES_MAX } from '../../src/domain/limits.ts';
import { freshApi, type Json, provinceWithFund, type TestApi } from '../support/api.ts';
import { expectProblem } from '../support/ledger.ts';
import {
  AGRIBANK_SAMPLE,
  BIDV_SAMPLE,
  base64,
  buildXlsx,
  excelSerial,
  GENERIC_VN_SAMPLE,
  linesOf,
  MB_SAMPLE,
  SAOKE_SAMPLE,
  saokeFixtureText,
  saokeRows,
  TECHCOMBANK_SAMPLE,
  uploadStatement,
  uploadStatementJson,
  VCB_SAMPLE,
  VIETINBANK_SAMPLE,
} from '../support/statements.ts';

/** What a stored line says, in the order the file gave it. */
type Printed = [
  date: string,
  reference: string | null,
  debit: string,
  credit: string,
  balance: string | null,
  description: string,
  counterparty: string | null,
];

function printed(lines: Json[]): Printed[] {
  return lines
    .sort((left, right) => left.lineNo - right.lineNo)
    .map((line) => [
      line.date,
      line.reference,
      line.debit,
      line.credit,
      line.balance,
      line.description,
      line.counterparty,
    ]);
}

describe('importing bank statements', () => {
  let api: TestApi;
  let cleanup = () => {};
  let fundId: string;
  let accounts: Record<string, string>;
  let accountNo = 0;

  beforeAll(async () => {
    const env = await freshApi();
    api = env.api;
    cleanup = env.cleanup;
    const made = await provinceWithFund(api);
    fundId = made.fund.id;
    accounts = made.accounts;
  });
  afterAll(() => cleanup());

  /** A bank account of its own for a test, so lines of different tests never meet. */
  async function bankAccount(): Promise<string> {
    accountNo += 1;
    const account = await api.create('/api/v1/accounts', {
      fundId,
      code: `112.${accountNo}`,
      name: `Tiền gửi ngân hàng ${accountNo}`,
      type: 'asset',
      role: 'bank',
    });
    return account.id as string;
  }

  const PRESETS: [format: string, sample: string, lines: Printed[]][] = [
    [
      'vcb',
      VCB_SAMPLE,
      [
        [
          '2024-09-02',
          '5078.97128',
          '0',
          '1000000',
          '11000000',
          'MBVCB.6988288617.227295.NGUYEN VAN AN ung ho.CT tu 0011004361228 NGUYEN VAN AN toi 0011000123456',
          null,
        ],
        ['2024-09-03', '5079.00012', '500000', '0', '10500000', 'Chi ho tro ho ngheo ban Huoi En', null],
      ],
    ],
    [
      'vietinbank',
      VIETINBANK_SAMPLE,
      [
        [
          '2024-09-03',
          '424712345678',
          '0',
          '200000',
          '5200000',
          'CT DEN:424712345678 TRAN THI BINH chuyen tien ung ho',
          null,
        ],
        ['2024-09-03', '424712349999', '1500000', '0', '3700000', 'Chi tra tro cap ho ngheo', null],
      ],
    ],
    [
      'bidv',
      BIDV_SAMPLE,
      [
        [
          '2024-09-02',
          '0000123',
          '0',
          '150000',
          '150000',
          '1261122666 Ung ho nguoi co hoan canh kho khan',
          null,
        ],
        ['2024-09-02', '0000124', '0', '1500', '151500', '1261122666 TRAN QUANG HUY Chuyen tien', null],
      ],
    ],
    [
      'agribank',
      AGRIBANK_SAMPLE,
      [
        [
          '2024-09-09',
          '1375649',
          '0',
          '500000',
          '500000',
          'NGUYEN THI ANH ung ho dong bao bao lu thien tai .',
          null,
        ],
        [
          '2024-09-10',
          '2882370',
          '0',
          '50000',
          '550000',
          'NGUYEN THI HONG DUYEN ung ho cac tinh bi bao lu',
          null,
        ],
      ],
    ],
    [
      'techcombank',
      TECHCOMBANK_SAMPLE,
      [
        [
          '2024-09-19',
          'FT24263096031760',
          '0',
          '195000',
          '1195000',
          'LE THI KIM NGAN chuyen tien FT24263096031760',
          'LE THI KIM NGAN',
        ],
        ['2024-09-20', 'FT24264000000001', '11000', '0', '1184000', 'Phi quan ly tai khoan', null],
      ],
    ],
    [
      'mb',
      MB_SAMPLE,
      [
        [
          '2024-09-15',
          'FT24259123456789',
          '0',
          '300000',
          '1300000',
          'PHAM VAN DUC chuyen tien ung ho bao so 3',
          null,
        ],
        [
          '2024-09-15',
          'FT24259123456790',
          '100000',
          '0',
          '1200000',
          'Chi ho tro gia dinh ong Lo Van Pao',
          null,
        ],
      ],
    ],
    [
      'generic-vn',
      GENERIC_VN_SAMPLE,
      [
        ['2024-09-05', 'TC001', '0', '2000000', '2000000', 'Ủng hộ của Hội Phụ nữ xã Mường So', null],
        ['2024-09-06', 'TC002', '750000', '0', '1250000', 'Chi hỗ trợ hộ nghèo bản Huổi Én', null],
      ],
    ],
    [
      'saoke',
      SAOKE_SAMPLE,
      [
        [
          '2024-09-18',
          '1',
          '0',
          '30000',
          null,
          '2890288xxx 1261122666 Hom nay chau khong uong tra sua cac chu giup chau mua sua cho em nho vung cao nhe a; thoi gian GD:18/09/2024 00:34:52',
          null,
        ],
        ['2024-09-18', '4', '0', '500000', null, '7600184xxx 1261122666 LE TU BINH Chuyen tien', null],
      ],
    ],
  ];

  it.each(PRESETS)(
    'reads a realistic %s export (header block, Vietnamese headers) through the upload',
    async (format, sample, expected) => {
      const accountId = await bankAccount();
      const response = await uploadStatement(api, accountId, {
        format,
        file: sample,
        fileName: `${format}.csv`,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({
        accountId,
        format,
        fileName: `${format}.csv`,
        read: expected.length,
        new: expected.length,
        duplicates: 0,
        unmatched: expected.length,
        periodFrom: expected[0]![0],
        periodTo: expected.at(-1)![0],
      });
      expect(response.body.fileSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(printed(await linesOf(api, accountId))).toEqual(expected);
    },
  );

  it('reads an .xlsx export: header block, bilingual headers, dates as day serials, amounts as numbers', async () => {
    const accountId = await bankAccount();
    const workbook = buildXlsx([
      ['NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM'],
      ['SAO KÊ TÀI KHOẢN/ STATEMENT OF ACCOUNT'],
      ['Số tài khoản/ Account number:', '0011000123456'],
      [],
      [
        'Ngày giao dịch/ Transaction Date',
        'Số tham chiếu/ Reference No.',
        'Số tiền ghi nợ/ Debit',
        'Số tiền ghi có/ Credit',
        'Số dư/ Balance',
        'Mô tả/ Description',
      ],
      [
        { date: excelSerial('2024-09-10') },
        '5078.97128',
        null,
        20_000_000,
        30_000_000,
        'MBVCB.6988288617.227295.TANG THI BICH NGOC ung ho',
      ],
      [{ date: excelSerial('2024-09-11') }, '5078.97300', 1_250_000, null, 28_750_000, 'Chi hỗ trợ hộ nghèo'],
      ['Tổng cộng/ Total', null, 1_250_000, 20_000_000, null, null],
    ]);
    const response = await uploadStatement(api, accountId, {
      format: 'vcb',
      file: workbook,
      fileName: 'sao-ke-thang-9.xlsx',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ read: 2, new: 2, fileName: 'sao-ke-thang-9.xlsx' });
    expect(printed(await linesOf(api, accountId))).toEqual([
      [
        '2024-09-10',
        '5078.97128',
        '0',
        '20000000',
        '30000000',
        'MBVCB.6988288617.227295.TANG THI BICH NGOC ung ho',
        null,
      ],
      ['2024-09-11', '5078.97300', '1250000', '0', '28750000', 'Chi hỗ trợ hộ nghèo', null],
    ]);
  });

  it('reads UTF-16 text with its byte-order mark, tab-separated (Excel\'s "Unicode text")', async () => {
    const accountId = await bankAccount();
    const text = GENERIC_VN_SAMPLE.replace('\uFEFF', '').replaceAll(';', '\t');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const response = await uploadStatement(api, accountId, {
      format: 'generic-vn',
      file: utf16,
      fileName: 'sao-ke.txt',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(printed(await linesOf(api, accountId))).toEqual(
      PRESETS.find(([format]) => format === 'generic-vn')![2],
    );
  });

  it('imports the same file twice, or an overlapping period, without a duplicate line', async () => {
    const accountId = await bankAccount();
    const fixture = gzipSync(Buffer.from(saokeFixtureText(), 'utf8'));
    const first = await uploadStatement(api, accountId, {
      format: 'saoke',
      file: fixture,
      fileName: 'bidv.csv.gz',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      read: 2000,
      new: 2000,
      duplicates: 0,
      periodFrom: '2024-09-10',
      periodTo: '2024-09-10',
    });
    const again = await uploadStatement(api, accountId, {
      format: 'saoke',
      file: fixture,
      fileName: 'bidv.csv.gz',
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({
      read: 2000,
      new: 0,
      duplicates: 2000,
      matched: 0,
      suggested: 0,
      unmatched: 0,
    });
    expect(again.body.id).not.toBe(first.body.id);

    const other = await bankAccount();
    const early = await uploadStatement(api, other, { format: 'saoke', file: saokeRows(1, 1200) });
    const late = await uploadStatement(api, other, { format: 'saoke', file: saokeRows(801, 2000) });
    expect([early.body.new, early.body.duplicates]).toEqual([1200, 0]);
    expect([late.body.read, late.body.new, late.body.duplicates]).toEqual([1200, 800, 400]);
    const lines = await linesOf(api, other);
    expect(lines).toHaveLength(2000);
    expect(lines.reduce((total, line) => total + BigInt(line.credit), 0n)).toBe(2_242_747_085n);
    const imports = await api.client.execute({
      sql: 'SELECT lines_read, lines_new, lines_duplicate FROM bank_statement_imports WHERE account_id = ? ORDER BY imported_at_ms, id',
      args: [other],
    });
    expect(imports.rows.map((row) => [row.lines_read, row.lines_new, row.lines_duplicate])).toEqual([
      [1200, 1200, 0],
      [1200, 800, 400],
    ]);
  });

  it('keeps two identical transfers of one day as two lines, and still only once on re-import', async () => {
    const accountId = await bankAccount();
    const twice = [
      'Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Nội dung',
      '12/09/2024,,,100.000,,UNG HO DONG BAO BAO LU',
      '12/09/2024,,,100.000,,UNG HO DONG BAO BAO LU',
    ].join('\n');
    const first = await uploadStatement(api, accountId, { format: 'generic-vn', file: twice });
    const again = await uploadStatement(api, accountId, { format: 'generic-vn', file: twice });
    expect([first.body.new, again.body.new, again.body.duplicates]).toEqual([2, 0, 2]);
  });

  it('takes the file in base64 inside JSON, the year of the sao kê rows, and a custom mapping', async () => {
    const accountId = await bankAccount();
    const json = await uploadStatementJson(api, accountId, {
      format: 'saoke',
      fileName: 'saoke-2025.csv',
      contentBase64: base64(SAOKE_SAMPLE),
      year: 2025,
    });
    expect(json.status, JSON.stringify(json.body)).toBe(201);
    expect(json.body).toMatchObject({ read: 2, new: 2, periodFrom: '2025-09-18' });

    const positional =
      'Sổ quỹ tiền gửi — trích xuất\n01/10/2024;300.000;NGUYEN VAN A ung ho\n02/10/2024;100.000;TRAN THI B ung ho\n';
    const custom = await uploadStatement(api, accountId, {
      format: 'custom',
      file: positional,
      mapping: JSON.stringify({ columns: { date: 0, credit: 1, description: 2 }, firstDataRow: 2 }),
    });
    expect(custom.status, JSON.stringify(custom.body)).toBe(201);
    expect(custom.body).toMatchObject({ format: 'custom', read: 2, new: 2 });
    const named = await uploadStatementJson(api, accountId, {
      format: 'custom',
      contentBase64: base64('Ngày,Lý do,Thu,Chi\n03/10,Thu tiền ủng hộ,250.000,\n'),
      mapping: {
        columns: { date: 'Ngày', credit: 'Thu', debit: 'Chi', description: ['Lý do', 'Diễn giải'] },
        defaultYear: 2024,
      },
    });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    const lines = await linesOf(api, accountId);
    expect(lines.map((line) => [line.date, line.credit])).toEqual([
      ['2024-10-01', '300000'],
      ['2024-10-02', '100000'],
      ['2024-10-03', '250000'],
      ['2025-09-18', '30000'],
      ['2025-09-18', '500000'],
    ]);
  });

  it('replays an upload sent again with the same Idempotency-Key', async () => {
    const accountId = await bankAccount();
    const headers = { 'Idempotency-Key': 'sao-ke-thang-9' };
    const first = await uploadStatement(api, accountId, { format: 'mb', file: MB_SAMPLE, headers });
    const again = await uploadStatement(api, accountId, { format: 'mb', file: MB_SAMPLE, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotency-Hit')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await uploadStatement(api, accountId, { format: 'mb', file: VCB_SAMPLE, headers });
    expectProblem(other, 'idempotency-conflict');
    const count = await api.client.execute({
      sql: 'SELECT count(*) AS n FROM bank_statement_imports WHERE account_id = ?',
      args: [accountId],
    });
    expect(Number(count.rows[0]!.n)).toBe(1);
  });

  describe('refusals, as problem documents, with nothing imported', () => {
    let accountId: string;
    beforeAll(async () => {
      accountId = await bankAccount();
    });

    async function nothingImported(): Promise<void> {
      const count = await api.client.execute({
        sql: 'SELECT count(*) AS n FROM bank_statement_lines WHERE account_id = ?',
        args: [accountId],
      });
      expect(Number(count.rows[0]!.n)).toBe(0);
    }

    it('refuses an account that is not a bank account, and one that does not exist', async () => {
      const cash = await uploadStatement(api, accounts.cash!, { format: 'vcb', file: VCB_SAMPLE });
      expect(expectProblem(cash, 'validation-failed', ['accountId']).detail).toMatch(
        /not a bank account \(its role is cash\)/,
      );
      expectProblem(
        await uploadStatement(api, accounts.donation_revenue!, { format: 'vcb', file: VCB_SAMPLE }),
        'validation-failed',
        ['accountId'],
      );
      expectProblem(
        await uploadStatement(api, '01900000-0000-7000-8000-000000000000', {
          format: 'vcb',
          file: VCB_SAMPLE,
        }),
        'not-found',
      );
      const count = await api.client.execute(
        "SELECT count(*) AS n FROM bank_statement_lines WHERE account_id IN (SELECT id FROM accounts WHERE role <> 'bank')",
      );
      expect(Number(count.rows[0]!.n)).toBe(0);
    });

    it('refuses an unknown format, a custom one without its mapping, and a mapping without a format that takes it', async () => {
      expectProblem(
        await uploadStatement(api, accountId, { format: 'acb', file: VCB_SAMPLE }),
        'validation-failed',
        ['format'],
      );
      expectProblem(
        await uploadStatement(api, accountId, { format: 'custom', file: VCB_SAMPLE }),
        'validation-failed',
        ['mapping'],
      );
      expectProblem(
        await uploadStatementJson(api, accountId, {
          format: 'vcb',
          contentBase64: base64(VCB_SAMPLE),
          mapping: { columns: { date: 0 } },
        }),
        'validation-failed',
        ['mapping'],
      );
      expectProblem(
        await uploadStatement(api, accountId, {
          format: 'custom',
          file: VCB_SAMPLE,
          mapping: '{"columns": {"date": 0}}',
        }),
        'validation-failed',
        ['columns'],
      );
      await nothingImported();
    });

    it('refuses a file over the upload limit with 413, in either form', async () => {
      const big = 'x'.repeat(STATEMENT_UPLOAD_BODY_BYTES_MAX + 1);
      const multipart = await uploadStatement(api, accountId, { format: 'vcb', file: big });
      expect(expectProblem(multipart, 'payload-too-large').detail).toContain(
        String(STATEMENT_UPLOAD_BODY_BYTES_MAX),
      );
      expectProblem(
        await uploadStatementJson(api, accountId, { format: 'vcb', contentBase64: big }),
        'payload-too-large',
      );
      await nothingImported();
    });

    it('refuses a malformed file whole, naming the rows that cannot be read', async () => {
      const badRows = [
        'Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Nội dung',
        '05/09/2024,TC001,,2.000.000,,good row',
        '31/02/2024,TC002,,100.000,,no such day',
        '06/09/2024,TC003,,"1.000,50",,half a đồng',
        '07/09/2024,TC004,50.000,50.000,,both sides',
      ].join('\n');
      const response = await uploadStatement(api, accountId, { format: 'generic-vn', file: badRows });
      const problem = expectProblem(response, 'validation-failed', ['file']);
      expect(problem.problemCount).toBe(3);
      expect(problem.problems.map((row: Json) => row.row)).toEqual([3, 4, 5]);
      expect(problem.problems[0].detail).toContain('"31/02/2024" is not a statement date: no such day');
      expect(problem.problems[2].detail).toBe('the row has both a debit and a credit');
      await nothingImported();
    });

    it('refuses a file with no header of the format, a PDF, text that is not UTF-8, a broken workbook, an empty file', async () => {
      const wrongFormat = await uploadStatement(api, accountId, {
        format: 'techcombank',
        file: AGRIBANK_SAMPLE,
      });
      expect(expectProblem(wrongFormat, 'validation-failed', ['preset']).detail).toContain(
        'header row was not found',
      );
      const pdf = await uploadStatement(api, accountId, { format: 'vcb', file: '%PDF-1.7\n%âãÏÓ\n1 0 obj' });
      expect(expectProblem(pdf, 'validation-failed', ['file']).detail).toContain('it is a PDF');
      const latin1 = new Uint8Array([
        ...Buffer.from('Ngày giao dịch,Ghi có,Nội dung\n05/09/2024,100,', 'latin1'),
        0xe0,
        0x0a,
      ]);
      expect(
        expectProblem(
          await uploadStatement(api, accountId, { format: 'generic-vn', file: latin1 }),
          'validation-failed',
          ['file'],
        ).detail,
      ).toContain('not UTF-8');
      const notAWorkbook = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
      expect(
        expectProblem(
          await uploadStatement(api, accountId, { format: 'vcb', file: notAWorkbook }),
          'validation-failed',
          ['file'],
        ).detail,
      ).toContain('spreadsheet cannot be read');
      expectProblem(await uploadStatement(api, accountId, { format: 'vcb', file: '' }), 'validation-failed', [
        'file',
      ]);
      const headerOnly = 'Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Nội dung\n';
      expect(
        expectProblem(
          await uploadStatement(api, accountId, { format: 'generic-vn', file: headerOnly }),
          'validation-failed',
          ['file'],
        ).detail,
      ).toContain('no transaction');
      await nothingImported();
    });

    it('refuses a body in another media type, a form without its file, and base64 that is not', async () => {
      const text = await api.request('POST', `/api/v1/bank-accounts/${accountId}/statements`, VCB_SAMPLE, {
        'Content-Type': 'text/csv',
      });
      expectProblem(text, 'unsupported-media-type');
      const form = new FormData();
      form.set('format', 'vcb');
      const noFile = await api.app.request(`/api/v1/bank-accounts/${accountId}/statements`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${api.token}` },
        body: form,
      });
      expect(noFile.status).toBe(422);
      expect(((await noFile.json()) as Json).errors).toEqual([
        { field: 'file', detail: 'required: the statement file' },
      ]);
      expectProblem(
        await uploadStatementJson(api, accountId, { format: 'vcb', contentBase64: 'not base64!' }),
        'validation-failed',
        ['contentBase64'],
      );
      expectProblem(
        await api.request('POST', `/api/v1/bank-accounts/${accountId}/statements`, '{"format": "vcb",'),
        'malformed-body',
      );
      await nothingImported();
    });

    it('refuses a statement for an account in another currency', async () => {
      const usd = await api.create('/api/v1/accounts', {
        fundId,
        code: '112-USD',
        name: 'Tiền gửi ngoại tệ',
        type: 'asset',
        role: 'bank',
        currency: 'USD',
      });
      expect(
        expectProblem(
          await uploadStatement(api, usd.id, { format: 'vcb', file: VCB_SAMPLE }),
          'validation-failed',
          ['accountId'],
        ).detail,
      ).toContain('in USD');
    });
  });
});
