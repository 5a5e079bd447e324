import { CATEGORY_LABELS_VI, type DisbursementCategory } from '../domain/disbursements.ts';
import type { DonationChannel } from '../domain/donations.ts';
import type { FundStatementCurrency, Position } from '../domain/reports/fund-statement.ts';

/**
 * The fund statement as lines, in the order it is read: the CSV download and the printable page both
 * show these (the JSON keeps the structure). `item` is a stable key, `label` the Vietnamese wording.
 */
export interface StatementLine {
  section:
    | 'opening'
    | 'receipts'
    | 'disbursements'
    | 'transfers_in'
    | 'transfers_out'
    | 'exchange'
    | 'other'
    | 'surplus'
    | 'closing'
    | 'restricted';
  item: string;
  label: string;
  amountMinor: bigint;
  /** 0: a section's total; 1: a line of its breakdown. */
  level: 0 | 1;
}

export const CHANNEL_LABELS_VI: Record<DonationChannel | 'manual', string> = {
  cash: 'Tiền mặt',
  bank_transfer: 'Chuyển khoản ngân hàng',
  in_kind: 'Hiện vật',
  payroll: 'Trích lương, thu qua cơ quan',
  other: 'Hình thức khác',
  manual: 'Ghi sổ trực tiếp (không qua biên nhận)',
};

export function categoryLabel(category: DisbursementCategory | 'manual' | null): string {
  if (category === null) return 'Không chỉ định';
  if (category === 'manual') return 'Ghi sổ trực tiếp (không qua khoản chi)';
  return CATEGORY_LABELS_VI[category] ?? category;
}

function positionLines(section: 'opening' | 'closing', title: string, position: Position): StatementLine[] {
  const line = (item: string, label: string, amount: string, level: 0 | 1 = 1): StatementLine => ({
    section,
    item,
    label,
    amountMinor: BigInt(amount),
    level,
  });
  return [
    line('total', title, position.total, 0),
    line('cash', 'Tiền mặt', position.cash),
    line('bank', 'Tiền gửi ngân hàng, kho bạc', position.bank),
    line('in_kind_goods', 'Hiện vật', position.inKindGoods),
    line('other_assets', 'Tài sản khác', position.otherAssets),
    line('liabilities', 'Trừ: nợ phải trả', position.liabilities),
  ];
}

export function statementLines(block: FundStatementCurrency): StatementLine[] {
  const { receipts, disbursements, transfers } = block;
  const lines: StatementLine[] = [...positionLines('opening', 'I. Số dư đầu kỳ', block.opening)];
  const add = (
    section: StatementLine['section'],
    item: string,
    label: string,
    amount: string,
    level: 0 | 1 = 1,
  ) => lines.push({ section, item, label, amountMinor: BigInt(amount), level });
  add('receipts', 'total', 'II. Tổng thu trong kỳ', receipts.total, 0);
  for (const row of receipts.byChannel)
    add(
      'receipts',
      `channel:${row.channel}`,
      `Theo hình thức: ${CHANNEL_LABELS_VI[row.channel]}`,
      row.amount,
    );
  for (const row of receipts.byCampaign) {
    add(
      'receipts',
      `campaign:${row.campaignId ?? 'none'}`,
      `Theo đợt vận động: ${row.campaignName ?? 'Ngoài các đợt vận động'}`,
      row.amount,
    );
  }
  add('receipts', 'earmarked', 'Trong đó: có chỉ định (địa chỉ cụ thể)', receipts.earmarked);
  for (const row of receipts.byEarmark) {
    const what = row.category
      ? categoryLabel(row.category)
      : (row.label ?? row.projectId ?? row.beneficiaryId ?? '');
    add(
      'receipts',
      `earmark:${row.category ?? row.projectId ?? row.beneficiaryId}`,
      `— Chỉ định: ${what}`,
      row.amount,
    );
  }
  add('receipts', 'in_kind', 'Trong đó: hiện vật (quy ra tiền)', receipts.inKind);
  add('disbursements', 'total', 'III. Tổng chi trong kỳ', disbursements.total, 0);
  for (const row of disbursements.byCategory)
    add(
      'disbursements',
      `category:${row.category}`,
      `Theo nội dung: ${categoryLabel(row.category)}`,
      row.amount,
    );
  for (const row of disbursements.byProject) {
    if (row.projectId)
      add(
        'disbursements',
        `project:${row.projectId}`,
        `Công trình, dự án: ${row.projectName ?? row.projectId}`,
        row.amount,
      );
  }
  add('disbursements', 'admin_costs', 'Trong đó: chi phí quản lý', disbursements.adminCosts);
  add('transfers_in', 'total', 'IV. Nhận điều chuyển (không tính là thu)', transfers.in.total, 0);
  add('transfers_in', 'internal', 'Trong đó: giữa các quỹ trong phạm vi báo cáo', transfers.in.internal);
  for (const row of transfers.in.byFund)
    add(
      'transfers_in',
      `fund:${row.fundId ?? 'none'}`,
      `Từ: ${row.fundName ?? 'Ghi sổ trực tiếp'}`,
      row.amount,
    );
  add('transfers_out', 'total', 'V. Điều chuyển đi (không tính là chi)', transfers.out.total, 0);
  add('transfers_out', 'internal', 'Trong đó: giữa các quỹ trong phạm vi báo cáo', transfers.out.internal);
  for (const row of transfers.out.byFund)
    add(
      'transfers_out',
      `fund:${row.fundId ?? 'none'}`,
      `Đến: ${row.fundName ?? 'Ghi sổ trực tiếp'}`,
      row.amount,
    );
  add('exchange', 'total', 'VI. Mua bán ngoại tệ', block.exchange, 0);
  add('other', 'total', 'VII. Biến động khác (số dư ban đầu, điều chỉnh)', block.otherMovements, 0);
  add('surplus', 'total', 'Chênh lệch thu − chi trong kỳ', block.surplus, 0);
  lines.push(...positionLines('closing', 'VIII. Số dư cuối kỳ', block.closing));
  add('restricted', 'restricted', 'Tiền có chỉ định chưa sử dụng', block.restricted, 0);
  add('restricted', 'unrestricted', 'Tiền không hạn chế mục đích', block.unrestricted, 0);
  return lines;
}
