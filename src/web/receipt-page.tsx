import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { ReceiptVoucher } from '../capabilities/receipt-voucher.ts';
import { amountInWords } from '../domain/amount-words.ts';
import { CATEGORY_LABELS_VI, type DisbursementCategory } from '../domain/disbursements.ts';
import type { DonationChannel } from '../domain/donations.ts';
import { formatMoney } from '../domain/money.ts';

/**
 * The printable receipt: a phiếu thu (cash) or biên nhận (transfers, payroll, goods) laid out like the
 * paper voucher — issuer, number, date, payer, reason, amount in figures and in words, five signature
 * blocks — for an A5 landscape sheet by default or A4 portrait. Styles come from /assets (the CSP allows
 * no inline styles). Only what a voucher needs: never the donor's address or contact.
 */

export type ReceiptPaperSize = 'A5' | 'A4';

const CHANNEL_LABELS: Record<DonationChannel, string> = {
  cash: 'Tiền mặt',
  bank_transfer: 'Chuyển khoản ngân hàng',
  in_kind: 'Hiện vật',
  payroll: 'Trích lương, thu qua cơ quan',
  other: 'Hình thức khác',
};

const SUBTITLES: Record<DonationChannel, string> = {
  cash: '(Thu tiền ủng hộ bằng tiền mặt)',
  bank_transfer: '(Tiền ủng hộ nhận qua tài khoản ngân hàng)',
  in_kind: '(Hiện vật ủng hộ)',
  payroll: '(Tiền ủng hộ trích từ lương, thu qua cơ quan)',
  other: '(Tiền ủng hộ)',
};

/** Left to right as on the printed voucher form; the head of the unit signs and stamps. */
const SIGNATURES: readonly { role: string; hint: string }[] = [
  { role: 'Thủ trưởng đơn vị', hint: '(Ký, họ tên, đóng dấu)' },
  { role: 'Kế toán trưởng', hint: '(Ký, họ tên)' },
  { role: 'Người nộp tiền', hint: '(Ký, họ tên)' },
  { role: 'Người lập phiếu', hint: '(Ký, họ tên)' },
  { role: 'Thủ quỹ', hint: '(Ký, họ tên)' },
];

/** A cash voucher is a phiếu thu; money or goods received otherwise get a biên nhận. */
export function receiptTitle(channel: DonationChannel): string {
  return channel === 'cash' ? 'PHIẾU THU' : 'BIÊN NHẬN';
}

/** "Ngày 12 tháng 09 năm 2024", as vouchers write the date. */
export function voucherDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `Ngày ${day} tháng ${month} năm ${year}`;
}

function reasonOf(voucher: ReceiptVoucher): string {
  const what = voucher.channel === 'in_kind' ? 'Ủng hộ hiện vật' : 'Ủng hộ';
  return `${what} ${voucher.fundName}${voucher.campaignName ? ` — ${voucher.campaignName}` : ''}`;
}

/** Earmarked gifts must be used exactly as committed (Nghị định 93/2021): the receipt says so. */
function purposeOf(earmark: ReceiptVoucher['earmark']): string {
  if (!earmark) return 'Theo quy chế của quỹ (không chỉ định địa chỉ)';
  if (earmark.category) {
    const label = CATEGORY_LABELS_VI[earmark.category as DisbursementCategory] ?? earmark.category;
    return `Có chỉ định: ${label}`;
  }
  if (earmark.projectId) return `Có chỉ định cho công trình, dự án mã ${earmark.projectId}`;
  return `Có chỉ định cho đối tượng thụ hưởng mã ${earmark.beneficiaryId}`;
}

function channelOf(voucher: ReceiptVoucher): string {
  const label = CHANNEL_LABELS[voucher.channel];
  return voucher.bankRef ? `${label} (số tham chiếu ${voucher.bankRef})` : label;
}

const Row: FC<{ label: string; value: string; className?: string }> = ({ label, value, className }) => (
  <div class={className ? `row ${className}` : 'row'}>
    <dt>{label}</dt>
    <dd>{value}</dd>
  </div>
);

const InKindRow: FC<{
  inKind: NonNullable<ReceiptVoucher['inKind']>;
  currency: ReceiptVoucher['currency'];
}> = ({ inKind, currency }) => {
  const unitValue = formatMoney(BigInt(inKind.unitValue), currency);
  const quantity = inKind.quantity.replace('.', ',');
  return <Row label="Hiện vật:" value={`${inKind.description}: ${quantity} ${inKind.unit} × ${unitValue}`} />;
};

const AmountRows: FC<{ voucher: ReceiptVoucher }> = ({ voucher }) => {
  const amountMinor = BigInt(voucher.amount);
  const figures = formatMoney(amountMinor, voucher.currency);
  const words = voucher.currency === 'VND' ? amountInWords(amountMinor) : null;
  return (
    <>
      <Row
        className="amount"
        label={voucher.channel === 'in_kind' ? 'Trị giá:' : 'Số tiền:'}
        value={figures}
      />
      <Row
        className="words"
        label="Viết bằng chữ:"
        value={words ?? `(ngoại tệ ${voucher.currency}: số đồng ghi khi bán cho ngân hàng)`}
      />
    </>
  );
};

const VoidMark: FC<{ reason: string | null }> = ({ reason }) => (
  <>
    <div class="void-mark" role="img" aria-label="Biên nhận đã hủy">
      ĐÃ HỦY<small>VOID</small>
    </div>
    <p class="void-reason">Đã hủy{reason ? ` — lý do: ${reason}` : ''}</p>
  </>
);

const Signatures: FC = () => (
  <section class="signatures" aria-label="Chữ ký">
    {SIGNATURES.map((signature) => (
      <div class="signature">
        <div class="role">{signature.role}</div>
        <div class="hint">{signature.hint}</div>
      </div>
    ))}
  </section>
);

const Voucher: FC<{ voucher: ReceiptVoucher }> = ({ voucher }) => (
  <main class={voucher.status === 'void' ? 'sheet void' : 'sheet'}>
    <header class="head">
      <div class="issuer">
        <p>Đơn vị:</p>
        <p class="unit">{voucher.issuingUnit.name}</p>
        <p>{voucher.fundName}</p>
      </div>
      <div class="number">
        <p>
          Số: <span class="receipt-no">{voucher.receiptNo}</span>
        </p>
        <p>Mã đơn vị: {voucher.issuingUnit.code}</p>
      </div>
    </header>
    <h1 class="title">{receiptTitle(voucher.channel)}</h1>
    <p class="subtitle">{SUBTITLES[voucher.channel]}</p>
    <p class="date">{voucherDate(voucher.date)}</p>
    <dl class="fields">
      <Row label="Họ và tên người nộp:" value={voucher.payerName} />
      <Row label="Lý do nộp:" value={reasonOf(voucher)} />
      <Row label="Mục đích sử dụng:" value={purposeOf(voucher.earmark)} />
      <Row label="Hình thức:" value={channelOf(voucher)} />
      {voucher.inKind ? <InKindRow inKind={voucher.inKind} currency={voucher.currency} /> : null}
      <AmountRows voucher={voucher} />
    </dl>
    {voucher.status === 'void' ? <VoidMark reason={voucher.voidReason} /> : null}
    <Signatures />
  </main>
);

/** The whole HTML document for one receipt. */
export function renderReceiptPage(voucher: ReceiptVoucher, size: ReceiptPaperSize) {
  const other: ReceiptPaperSize = size === 'A4' ? 'A5' : 'A4';
  const otherLabel = other === 'A4' ? 'A4 dọc' : 'A5 ngang';
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="vi">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${receiptTitle(voucher.channel)} ${voucher.receiptNo}`}</title>
          <link rel="stylesheet" href="/assets/receipt.css" />
          {size === 'A4' ? <link rel="stylesheet" href="/assets/receipt-a4.css" /> : null}
        </head>
        <body>
          <p class="screen-only">
            Bản in khổ {size === 'A4' ? 'A4 dọc' : 'A5 ngang'} — nhấn Ctrl+P để in. In khổ{' '}
            <a href={`?size=${other}`}>{otherLabel}</a>.
          </p>
          <Voucher voucher={voucher} />
        </body>
      </html>
    </>
  );
}
