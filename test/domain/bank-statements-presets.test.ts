import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/domain/bank-statements/csv.ts';
import {
  AGRIBANK_PRESET,
  BIDV_PRESET,
  customPreset,
  foldHeaderName,
  GENERIC_VN_PRESET,
  headerCellNames,
  MB_PRESET,
  presetById,
  SAOKE_PRESET,
  STATEMENT_PRESETS,
  type StatementPreset,
  TECHCOMBANK_PRESET,
  VCB_PRESET,
  VIETINBANK_PRESET,
} from '../../src/domain/bank-statements/presets.ts';
import { readStatementRows, type StatementLine } from '../../src/domain/bank-statements/statement.ts';
import { DomainError } from '../../src/domain/errors.ts';

type Essentials = Pick<
  StatementLine,
  | 'lineNo'
  | 'date'
  | 'reference'
  | 'debitMinor'
  | 'creditMinor'
  | 'balanceMinor'
  | 'description'
  | 'counterparty'
>;

function read(text: string, preset: StatementPreset) {
  const result = readStatementRows(readCsv(text), preset);
  const lines: Essentials[] = result.lines.map(
    ({ lineNo, date, reference, debitMinor, creditMinor, balanceMinor, description, counterparty }) => ({
      lineNo,
      date,
      reference,
      debitMinor,
      creditMinor,
      balanceMinor,
      description,
      counterparty,
    }),
  );
  return { ...result, lines };
}

describe('header names', () => {
  it('fold diacritics, case, punctuation and parenthesised units', () => {
    expect(foldHeaderName('Số tiền ghi có (VND)')).toBe('so tien ghi co');
    expect(foldHeaderName('  NGÀY GIAO DỊCH: ')).toBe('ngay giao dich');
    expect(foldHeaderName('Đối tác')).toBe('doi tac');
  });

  it('answer to either language of a bilingual cell', () => {
    expect(headerCellNames('Số tiền ghi có/ Credit')).toEqual([
      'so tien ghi co credit',
      'so tien ghi co',
      'credit',
    ]);
    expect(headerCellNames('Ngày GD\nTNX Date')).toEqual(['ngay gd tnx date', 'ngay gd', 'tnx date']);
  });

  it('every preset is listed once by id', () => {
    expect(STATEMENT_PRESETS.map((preset) => preset.id)).toEqual([
      'vcb',
      'vietinbank',
      'bidv',
      'agribank',
      'techcombank',
      'mb',
      'generic-vn',
      'saoke',
    ]);
    expect(presetById('bidv')).toBe(BIDV_PRESET);
    expect(presetById('acb')).toBeNull();
  });
});

describe('Vietcombank', () => {
  const text = [
    'NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM,,,,,',
    'SAO KÊ TÀI KHOẢN/ STATEMENT OF ACCOUNT,,,,,',
    'Số tài khoản/ Account number:,0011000123456,,,,',
    'Từ ngày/ From: 01/09/2024,Đến ngày/ To: 30/09/2024,,,,',
    ',,,,,',
    'Ngày giao dịch/ Transaction Date,Số tham chiếu/ Reference No.,Số tiền ghi nợ/ Debit,Số tiền ghi có/ Credit,Số dư/ Balance,Mô tả/ Description',
    '02/09/2024,5078.97128,,"1,000,000","11,000,000",MBVCB.6988288617.227295.NGUYEN VAN AN ung ho.CT tu 0011004361228 NGUYEN VAN AN toi 0011000123456',
    '03/09/2024,5079.00012,"500,000",,"10,500,000",Chi ho tro  ho ngheo ban Huoi En',
    'Tổng cộng/ Total,,"500,000","1,000,000",,',
  ].join('\r\n');

  it('skips the header block and the total row, and reads both sides', () => {
    const result = read(text, VCB_PRESET);
    expect(result.headerRow).toBe(6);
    expect(result.problems).toEqual([]);
    expect(result.skippedRows).toBe(1);
    expect(result.lines).toEqual([
      {
        lineNo: 7,
        date: '2024-09-02',
        reference: '5078.97128',
        debitMinor: 0n,
        creditMinor: 1_000_000n,
        balanceMinor: 11_000_000n,
        description:
          'MBVCB.6988288617.227295.NGUYEN VAN AN ung ho.CT tu 0011004361228 NGUYEN VAN AN toi 0011000123456',
        counterparty: null,
      },
      {
        lineNo: 8,
        date: '2024-09-03',
        reference: '5079.00012',
        debitMinor: 500_000n,
        creditMinor: 0n,
        balanceMinor: 10_500_000n,
        description: 'Chi ho tro ho ngheo ban Huoi En',
        counterparty: null,
      },
    ]);
  });

  it('reads the published layout: date and document number in one cell, Vietnamese separators', () => {
    const published = [
      'Ngày GD/ TNX Date,Số tiền ghi nợ/ Debit,Số tiền ghi có/ Credit,Số dư/ Balance,Nội dung chi tiết/ Transactions in detail',
      'Ngày GD/ TNX Date,Số tiền ghi nợ/ Debit,Số tiền ghi có/ Credit,Số dư/ Balance,Nội dung chi tiết/ Transactions in detail',
      '"10/09/2024\n5078.97128",,50.000,,MBVCB.6989.NGUYEN THI MAI ung ho',
    ].join('\n');
    const result = read(published, VCB_PRESET);
    expect(result.skippedRows).toBe(1);
    expect(result.lines).toEqual([
      {
        lineNo: 3,
        date: '2024-09-10',
        reference: '5078.97128',
        debitMinor: 0n,
        creditMinor: 50_000n,
        balanceMinor: null,
        description: 'MBVCB.6989.NGUYEN THI MAI ung ho',
        counterparty: null,
      },
    ]);
  });
});

describe('VietinBank', () => {
  it('reads a ";" export with a numbered column and times', () => {
    const text = [
      'NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM - VietinBank',
      'LỊCH SỬ GIAO DỊCH',
      'Tài khoản: 113000012345 - QUY VI NGUOI NGHEO XA MUONG SO',
      'STT;Ngày giao dịch;Mô tả giao dịch;Ghi nợ;Ghi có;Số dư;Số giao dịch',
      '1;03/09/2024 08:15:22;CT DEN:424712345678 TRAN THI BINH chuyen tien ung ho;;200.000;5.200.000;424712345678',
      '2;03/09/2024 14:02:10;Chi tra tro cap ho ngheo;1.500.000;;3.700.000;424712349999',
    ].join('\n');
    const result = read(text, VIETINBANK_PRESET);
    expect(result.headerRow).toBe(4);
    expect(
      result.lines.map((line) => [
        line.date,
        line.reference,
        line.debitMinor,
        line.creditMinor,
        line.balanceMinor,
      ]),
    ).toEqual([
      ['2024-09-03', '424712345678', 0n, 200_000n, 5_200_000n],
      ['2024-09-03', '424712349999', 1_500_000n, 0n, 3_700_000n],
    ]);
    expect(result.lines[0]!.description).toBe('CT DEN:424712345678 TRAN THI BINH chuyen tien ung ho');
  });
});

describe('BIDV', () => {
  it('prefers the value date (Ngày hiệu lực) over the transaction date', () => {
    const text = [
      'NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM',
      'SAO KÊ TÀI KHOẢN',
      'Số tài khoản: 1261122666',
      'Kỳ sao kê: 01/09/2024 - 12/09/2024',
      'STT,Ngày giao dịch,Ngày hiệu lực,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Mô tả giao dịch',
      '1,01/09/2024 10:27:58,02/09/2024,0000123,,150000,150000,1261122666 Ung ho nguoi co hoan canh kho khan',
      '2,02/09/2024 07:29:20,02/09/2024,0000124,,1500,151500,1261122666 TRAN QUANG HUY Chuyen tien',
    ].join('\n');
    const result = read(text, BIDV_PRESET);
    expect(result.headerRow).toBe(5);
    expect(result.lines.map((line) => [line.lineNo, line.date, line.reference, line.creditMinor])).toEqual([
      [6, '2024-09-02', '0000123', 150_000n],
      [7, '2024-09-02', '0000124', 1_500n],
    ]);
    const generic = read(text, GENERIC_VN_PRESET);
    expect(generic.lines[0]!.date).toBe('2024-09-01');
  });
});

describe('Agribank', () => {
  it('reads "Phát sinh nợ/có" with zeros on the other side and skips the closing balance row', () => {
    const text = [
      'NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM',
      'Chi nhánh Lai Châu',
      'SỔ PHỤ TÀI KHOẢN',
      'Ngày GD,Số chứng từ,Phát sinh nợ,Phát sinh có,Số dư,Nội dung giao dịch',
      '09/09/2024,1375649,0,500.000,500.000,NGUYEN THI ANH ung ho dong bao bao lu thien tai .',
      '10/09/2024,2882370,0,50.000,550.000,NGUYEN THI HONG DUYEN ung ho cac tinh bi bao lu',
      'Số dư cuối kỳ,,,,550.000,',
      ',,,,,',
      'Người lập biểu,,,,Kế toán trưởng,',
    ].join('\n');
    const result = read(text, AGRIBANK_PRESET);
    expect(result.problems).toEqual([]);
    expect(result.skippedRows).toBe(3);
    expect(
      result.lines.map((line) => [
        line.date,
        line.reference,
        line.debitMinor,
        line.creditMinor,
        line.balanceMinor,
      ]),
    ).toEqual([
      ['2024-09-09', '1375649', 0n, 500_000n, 500_000n],
      ['2024-09-10', '2882370', 0n, 50_000n, 550_000n],
    ]);
  });
});

describe('Techcombank', () => {
  it('reads the counterparty column and one-letter Nợ/Có headers', () => {
    const text = [
      'TECHCOMBANK',
      'SAO KÊ TÀI KHOẢN/ ACCOUNT STATEMENT',
      'Số tài khoản/ Account No:,19033333333333',
      'Ngày giao dịch/ Transaction date,Đối tác/ Remitter,Diễn giải/ Description,Nợ/ Debit,Có/ Credit,Số dư/ Balance,Số bút toán/ Reference',
      '19/09/2024,LE THI KIM NGAN,LE THI KIM NGAN chuyen tien FT24263096031760,,"195,000","1,195,000",FT24263096031760',
      '20/09/2024,,Phi quan ly tai khoan,"11,000",,"1,184,000",FT24264000000001',
    ].join('\n');
    const result = read(text, TECHCOMBANK_PRESET);
    expect(result.lines).toEqual([
      {
        lineNo: 5,
        date: '2024-09-19',
        reference: 'FT24263096031760',
        debitMinor: 0n,
        creditMinor: 195_000n,
        balanceMinor: 1_195_000n,
        description: 'LE THI KIM NGAN chuyen tien FT24263096031760',
        counterparty: 'LE THI KIM NGAN',
      },
      {
        lineNo: 6,
        date: '2024-09-20',
        reference: 'FT24264000000001',
        debitMinor: 11_000n,
        creditMinor: 0n,
        balanceMinor: 1_184_000n,
        description: 'Phi quan ly tai khoan',
        counterparty: null,
      },
    ]);
  });
});

describe('MB', () => {
  it('reads debits printed with a minus sign as debits', () => {
    const text = [
      'NGÂN HÀNG TMCP QUÂN ĐỘI',
      'SAO KÊ GIAO DỊCH TÀI KHOẢN',
      'STT;Ngày giao dịch;Mã giao dịch;Số tiền ghi nợ;Số tiền ghi có;Số dư;Nội dung',
      '1;15/09/2024;FT24259123456789;;300.000;1.300.000;PHAM VAN DUC chuyen tien ung ho bao so 3',
      '2;15/09/2024;FT24259123456790;-100.000;;1.200.000;Chi ho tro gia dinh ong Lo Van Pao',
    ].join('\n');
    const result = read(text, MB_PRESET);
    expect(result.lines.map((line) => [line.reference, line.debitMinor, line.creditMinor])).toEqual([
      ['FT24259123456789', 0n, 300_000n],
      ['FT24259123456790', 100_000n, 0n],
    ]);
  });
});

describe('generic-vn', () => {
  it('reads the plain Vietnamese column names, with "Diễn giải" or "Nội dung"', () => {
    const withNoiDung = [
      'Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Nội dung',
      '05/09/2024,TC001,,2.000.000,2.000.000,Ủng hộ của Hội Phụ nữ xã Mường So',
    ].join('\n');
    const withDienGiai = [
      'Sổ phụ ngân hàng — Quỹ Vì người nghèo',
      'ngày giao dịch;số tham chiếu;ghi nợ;ghi có;số dư;DIỄN GIẢI',
      '06-09-2024;TC002;750.000;;1.250.000;Chi hỗ trợ hộ nghèo bản Huổi Én',
    ].join('\n');
    expect(read(withNoiDung, GENERIC_VN_PRESET).lines[0]).toMatchObject({
      date: '2024-09-05',
      reference: 'TC001',
      creditMinor: 2_000_000n,
      description: 'Ủng hộ của Hội Phụ nữ xã Mường So',
    });
    expect(read(withDienGiai, GENERIC_VN_PRESET).lines[0]).toMatchObject({
      lineNo: 3,
      date: '2024-09-06',
      debitMinor: 750_000n,
      balanceMinor: 1_250_000n,
      description: 'Chi hỗ trợ hộ nghèo bản Huổi Én',
    });
  });

  it('says which columns it looked for when no row has them', () => {
    const text = 'Date,Amount,Memo\n01/09/2024,5,x\n';
    try {
      readStatementRows(readCsv(text), GENERIC_VN_PRESET);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).message).toContain('"ngay giao dich", "noi dung", "so tien ghi co"');
    }
  });
});

describe('saoke', () => {
  it('reads dd/mm dates as 2024 unless told otherwise', () => {
    const text =
      'date,bank,id,money,desc,page\n18/09,BIDV,4,500000,7600184xxx 1261122666 LE TU BINH Chuyen tien,_\n';
    expect(read(text, SAOKE_PRESET).lines[0]).toMatchObject({
      date: '2024-09-18',
      reference: '4',
      creditMinor: 500_000n,
      debitMinor: 0n,
      balanceMinor: null,
    });
    expect(readStatementRows(readCsv(text), SAOKE_PRESET, { defaultYear: 2025 }).lines[0]!.date).toBe(
      '2025-09-18',
    );
  });
});

describe('custom mappings', () => {
  it('maps header names, folded like the presets', () => {
    const preset = customPreset({
      label: 'Sổ quỹ tiền gửi',
      columns: { date: 'Ngày', credit: 'Thu', debit: 'Chi', description: ['Lý do', 'Diễn giải'] },
      defaultYear: 2024,
    });
    const text = 'Ngày,Lý do,Thu,Chi\n01/10,Thu tiền ủng hộ,300.000,\n';
    expect(read(text, preset).lines[0]).toMatchObject({
      date: '2024-10-01',
      creditMinor: 300_000n,
      reference: null,
    });
  });

  it('maps column positions for a file without a header row', () => {
    const preset = customPreset({ columns: { date: 0, description: 2, credit: 1 }, firstDataRow: 2 });
    const text = 'bank export\n01/10/2024,300.000,NGUYEN VAN A\n02/10/2024,100.000,TRAN THI B\n';
    const result = read(text, preset);
    expect(result.headerRow).toBe(0);
    expect(result.lines.map((line) => [line.lineNo, line.creditMinor, line.description])).toEqual([
      [2, 300_000n, 'NGUYEN VAN A'],
      [3, 100_000n, 'TRAN THI B'],
    ]);
  });

  it('refuses a mapping without date, description and an amount column, or one mixing names and positions', () => {
    expect(() => customPreset({ columns: { date: 'Ngày', description: 'Nội dung' } })).toThrow(
      /debit or credit/,
    );
    expect(() => customPreset({ columns: { credit: 'Có' } })).toThrow(/missing date, description/);
    expect(() => customPreset({ columns: { date: 0, description: 'Nội dung', credit: 2 } })).toThrow(
      /not both/,
    );
  });
});
