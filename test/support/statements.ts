import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import type { ApiResponse, Json, TestApi } from './api.ts';

/**
 * Bank statement samples and helpers for the tests of issue 7 (bank statements and reconciliation):
 * realistic exports of each bank preset (header blocks, Vietnamese and bilingual headers, summary rows),
 * a real .xlsx built from its parts, uploads in multipart and JSON, and the committed 2024 fixture.
 */

export const SAOKE_FIXTURE = new URL(
  '../fixtures/saoke-2024/MTTQ_BIDV_10-17.first-2000.csv.gz',
  import.meta.url,
);

/** The fixture's text: the header and 2,000 real transfers of 10/09/2024. */
export function saokeFixtureText(): string {
  return gunzipSync(readFileSync(SAOKE_FIXTURE)).toString('utf8');
}

/** The fixture's header and its data rows from..to (1-based ids, inclusive), as CSV text. */
export function saokeRows(from: number, to: number): string {
  const [header, ...rows] = saokeFixtureText().split('\n');
  return [header, ...rows.slice(from - 1, to)].join('\n');
}

export interface Upload {
  format: string;
  file: string | Uint8Array;
  fileName?: string;
  year?: string;
  mapping?: string;
  headers?: Record<string, string>;
}

async function send(api: TestApi, path: string, init: RequestInit): Promise<ApiResponse> {
  const response = await api.app.request(path, init);
  const text = await response.text();
  let body: Json = {};
  try {
    body = text ? (JSON.parse(text) as Json) : {};
  } catch {
    body = { raw: text };
  }
  return { status: response.status, headers: response.headers, body };
}

/** POST …/statements as multipart/form-data (file + format), as a browser form would. */
export function uploadStatement(api: TestApi, accountId: string, upload: Upload): Promise<ApiResponse> {
  const form = new FormData();
  form.set('format', upload.format);
  if (upload.year !== undefined) form.set('year', upload.year);
  if (upload.mapping !== undefined) form.set('mapping', upload.mapping);
  form.set('file', new File([upload.file as BlobPart], upload.fileName ?? 'sao-ke.csv'));
  return send(api, `/api/v1/bank-accounts/${accountId}/statements`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${api.token}`, ...upload.headers },
    body: form,
  });
}

/** The same upload as JSON with the file in base64. */
export function uploadStatementJson(api: TestApi, accountId: string, body: Json): Promise<ApiResponse> {
  return api.post(`/api/v1/bank-accounts/${accountId}/statements`, body);
}

export function base64(file: string | Uint8Array): string {
  return Buffer.from(typeof file === 'string' ? Buffer.from(file, 'utf8') : file).toString('base64');
}

/** Every line of the account (all pages), oldest first. */
export async function linesOf(api: TestApi, accountId: string, status?: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '500' });
    if (status) query.set('status', status);
    if (cursor) query.set('cursor', cursor);
    const response = await api.get(`/api/v1/bank-accounts/${accountId}/lines?${query}`);
    if (response.status !== 200)
      throw new Error(`lines → ${response.status} ${JSON.stringify(response.body)}`);
    items.push(...(response.body.items as Json[]));
    cursor = response.body.nextCursor as string | null;
  } while (cursor);
  return items;
}

/** The line of the account whose memo contains `text`. */
export async function lineWith(api: TestApi, accountId: string, text: string): Promise<Json> {
  const line = (await linesOf(api, accountId)).find((candidate) => candidate.description.includes(text));
  if (!line) throw new Error(`no line with "${text}"`);
  return line;
}

export function lineStep(api: TestApi, accountId: string, lineId: string, step: string, body?: Json) {
  return api.request('POST', `/api/v1/bank-accounts/${accountId}/lines/${lineId}/${step}`, body);
}

export async function reconciliation(api: TestApi, accountId: string, asOf: string): Promise<Json> {
  const response = await api.get(`/api/v1/bank-accounts/${accountId}/reconciliation?asOf=${asOf}`);
  if (response.status !== 200)
    throw new Error(`reconciliation → ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

// — realistic exports of each preset —

export const VCB_SAMPLE = [
  'NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM,,,,,',
  'SAO KÊ TÀI KHOẢN/ STATEMENT OF ACCOUNT,,,,,',
  'Số tài khoản/ Account number:,0011000123456,,,,',
  'Từ ngày/ From: 01/09/2024,Đến ngày/ To: 30/09/2024,,,,',
  'Số dư đầu kỳ/ Opening balance:,"10,000,000",,,,',
  ',,,,,',
  'Ngày giao dịch/ Transaction Date,Số tham chiếu/ Reference No.,Số tiền ghi nợ/ Debit,Số tiền ghi có/ Credit,Số dư/ Balance,Mô tả/ Description',
  '02/09/2024,5078.97128,,"1,000,000","11,000,000",MBVCB.6988288617.227295.NGUYEN VAN AN ung ho.CT tu 0011004361228 NGUYEN VAN AN toi 0011000123456',
  '03/09/2024,5079.00012,"500,000",,"10,500,000",Chi ho tro  ho ngheo ban Huoi En',
  'Tổng cộng/ Total,,"500,000","1,000,000",,',
  'Số dư cuối kỳ/ Closing balance,,,,"10,500,000",',
].join('\r\n');

export const VIETINBANK_SAMPLE = [
  'NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM - VietinBank',
  'LỊCH SỬ GIAO DỊCH',
  'Tài khoản: 113000012345 - QUY VI NGUOI NGHEO XA MUONG SO',
  'Từ ngày 01/09/2024 đến ngày 30/09/2024',
  'STT;Ngày giao dịch;Mô tả giao dịch;Ghi nợ;Ghi có;Số dư;Số giao dịch',
  '1;03/09/2024 08:15:22;CT DEN:424712345678 TRAN THI BINH chuyen tien ung ho;;200.000;5.200.000;424712345678',
  '2;03/09/2024 14:02:10;Chi tra tro cap ho ngheo;1.500.000;;3.700.000;424712349999',
].join('\n');

export const BIDV_SAMPLE = [
  'NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM',
  'SAO KÊ TÀI KHOẢN',
  'Số tài khoản: 1261122666',
  'Kỳ sao kê: 01/09/2024 - 12/09/2024',
  'STT,Ngày giao dịch,Ngày hiệu lực,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Mô tả giao dịch',
  '1,01/09/2024 10:27:58,02/09/2024,0000123,,150000,150000,1261122666 Ung ho nguoi co hoan canh kho khan',
  '2,02/09/2024 07:29:20,02/09/2024,0000124,,1500,151500,1261122666 TRAN QUANG HUY Chuyen tien',
].join('\n');

export const AGRIBANK_SAMPLE = [
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

export const TECHCOMBANK_SAMPLE = [
  'TECHCOMBANK',
  'SAO KÊ TÀI KHOẢN/ ACCOUNT STATEMENT',
  'Số tài khoản/ Account No:,19033333333333',
  'Ngày giao dịch/ Transaction date,Đối tác/ Remitter,Diễn giải/ Description,Nợ/ Debit,Có/ Credit,Số dư/ Balance,Số bút toán/ Reference',
  '19/09/2024,LE THI KIM NGAN,LE THI KIM NGAN chuyen tien FT24263096031760,,"195,000","1,195,000",FT24263096031760',
  '20/09/2024,,Phi quan ly tai khoan,"11,000",,"1,184,000",FT24264000000001',
].join('\n');

export const MB_SAMPLE = [
  'NGÂN HÀNG TMCP QUÂN ĐỘI',
  'SAO KÊ GIAO DỊCH TÀI KHOẢN',
  'Số tài khoản: 0011001932418',
  'STT;Ngày giao dịch;Mã giao dịch;Số tiền ghi nợ;Số tiền ghi có;Số dư;Nội dung',
  '1;15/09/2024;FT24259123456789;;300.000;1.300.000;PHAM VAN DUC chuyen tien ung ho bao so 3',
  '2;15/09/2024;FT24259123456790;-100.000;;1.200.000;Chi ho tro gia dinh ong Lo Van Pao',
].join('\n');

export const GENERIC_VN_SAMPLE = [
  '\uFEFFSổ phụ ngân hàng — Quỹ Vì người nghèo xã Mường So',
  'Tài khoản: 8888 0000 1234',
  'Ngày giao dịch;Số tham chiếu;Ghi nợ;Ghi có;Số dư;Diễn giải',
  '05/09/2024;TC001;;2.000.000;2.000.000;Ủng hộ của Hội Phụ nữ xã Mường So',
  '06-09-2024;TC002;750.000;;1.250.000;Chi hỗ trợ hộ nghèo bản Huổi Én',
].join('\r\n');

export const SAOKE_SAMPLE =
  'date,bank,id,money,desc,page\n' +
  '18/09,BIDV,1,30000,2890288xxx 1261122666 Hom nay chau khong uong tra sua cac chu giup chau mua sua cho em nho vung cao nhe a; thoi gian GD:18/09/2024 00:34:52,_\n' +
  '18/09,BIDV,4,500000,7600184xxx 1261122666 LE TU BINH Chuyen tien,_\n';

// — .xlsx —

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

function xmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function columnName(index: number): string {
  return String.fromCharCode(65 + index);
}

/**
 * A real .xlsx workbook (the parts Excel writes, zipped): text cells as shared strings, numbers as
 * numbers, and `{date: serial}` cells as Excel day serials in a dd/mm/yyyy format.
 */
export function buildXlsx(rows: (string | number | { date: number } | null)[][]): Uint8Array {
  const strings: string[] = [];
  const sheetRows = rows
    .map((row, rowIndex) => {
      const cells = row
        .map((value, column) => {
          const ref = `${columnName(column)}${rowIndex + 1}`;
          if (value === null) return '';
          if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
          if (typeof value === 'object') return `<c r="${ref}" s="1"><v>${value.date}</v></c>`;
          strings.push(value);
          return `<c r="${ref}" t="s"><v>${strings.length - 1}</v></c>`;
        })
        .join('');
      return `<row r="${rowIndex + 1}">${cells}</row>`;
    })
    .join('');
  const styles =
    `<?xml version="1.0"?><styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>` +
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>';
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types/>'),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sao kê" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${sheetRows}</sheetData></worksheet>`,
    ),
    'xl/sharedStrings.xml': strToU8(
      `<?xml version="1.0"?><sst xmlns="${MAIN}">${strings.map((text) => `<si><t xml:space="preserve">${xmlText(text)}</t></si>`).join('')}</sst>`,
    ),
    'xl/styles.xml': strToU8(styles),
  });
}

/** Excel's day serial of a date (1900 system). */
export function excelSerial(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000 + 25_569;
}
