import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { CampaignResultReport } from '../capabilities/campaign-result.ts';
import type { FundStatementReport } from '../capabilities/fund-statement.ts';
import type { GeneralLedgerReport } from '../capabilities/general-ledger.ts';
import type { JournalReport } from '../capabilities/journal-report.ts';
import type { TrialBalance } from '../capabilities/trial-balance.ts';
import { type CurrencyCode, formatMoney } from '../domain/money.ts';
import type { CampaignPhase } from '../domain/reports/campaign-result.ts';
import { statementLines } from './report-lines.ts';

/**
 * The printable reports (staff and auditors, the same scope as their JSON): a sheet with the unit and
 * fund, the report's title and period, the table, and the signature blocks a report carries. Styles
 * come from /assets/report.css (the CSP allows no inline styles).
 */

/** What the head of a report names: the unit and fund it covers, or how wide it is. */
export interface ReportHeading {
  unitName: string | null;
  fundName: string | null;
  /** e.g. "Các quỹ của đơn vị và các đơn vị trực thuộc". */
  scopeNote: string | null;
}

/** 2024-09-12 → 12/09/2024, as Vietnamese reports write dates. */
export function vnDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

function money(amount: string | bigint, currency: CurrencyCode): string {
  const minor = typeof amount === 'bigint' ? amount : BigInt(amount);
  return minor === 0n ? '–' : formatMoney(minor, currency);
}

const SIGNATURES = [
  { role: 'Người lập biểu', hint: '(Ký, họ tên)' },
  { role: 'Kế toán trưởng', hint: '(Ký, họ tên)' },
  { role: 'Thủ trưởng đơn vị', hint: '(Ký, họ tên, đóng dấu)' },
];

const Sheet: FC<{ title: string; period: string; heading: ReportHeading; children?: Child }> = ({
  title,
  period,
  heading,
  children,
}) => (
  <>
    {raw('<!doctype html>')}
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} — ${heading.fundName ?? heading.unitName ?? 'Sổ Quỹ'}`}</title>
        <link rel="stylesheet" href="/assets/report.css" />
      </head>
      <body>
        <p class="screen-only">Bản in — nhấn Ctrl+P để in. Số tiền: đơn vị tiền tệ ghi cạnh từng số.</p>
        <main class="sheet">
          <header class="head">
            <div>
              <p class="unit">{heading.unitName ?? 'Toàn hệ thống'}</p>
              {heading.fundName ? <p>{heading.fundName}</p> : null}
            </div>
            <div class="form">
              <p>Sổ Quỹ</p>
            </div>
          </header>
          <h1>{title}</h1>
          <p class="period">{period}</p>
          {heading.scopeNote ? <p class="scope">{heading.scopeNote}</p> : null}
          {children}
          <section class="signatures" aria-label="Chữ ký">
            {SIGNATURES.map((signature) => (
              <div class="signature">
                <div class="role">{signature.role}</div>
                <div class="hint">{signature.hint}</div>
              </div>
            ))}
          </section>
        </main>
      </body>
    </html>
  </>
);

const fromTo = (from: string, to: string) => `Từ ngày ${vnDate(from)} đến ngày ${vnDate(to)}`;

export function renderTrialBalancePage(report: TrialBalance, heading: ReportHeading, asOf: string) {
  return (
    <Sheet title="BẢNG CÂN ĐỐI SỐ PHÁT SINH" period={`Số dư đến hết ngày ${vnDate(asOf)}`} heading={heading}>
      <table>
        <thead>
          <tr>
            <th>Số hiệu TK</th>
            <th>Tên tài khoản</th>
            <th>Loại tiền</th>
            <th class="amount">Dư Nợ</th>
            <th class="amount">Dư Có</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr>
              <td>{row.code}</td>
              <td>{row.name}</td>
              <td>{row.currency}</td>
              <td class="amount">{money(row.debit, row.currency)}</td>
              <td class="amount">{money(row.credit, row.currency)}</td>
            </tr>
          ))}
          {report.totalsByCurrency.map((total) => (
            <tr class="total">
              <td colspan={2}>Tổng cộng</td>
              <td>{total.currency}</td>
              <td class="amount">{money(total.debit, total.currency)}</td>
              <td class="amount">{money(total.credit, total.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Sheet>
  );
}

export function renderGeneralLedgerPage(report: GeneralLedgerReport, heading: ReportHeading) {
  return (
    <Sheet title="SỔ CÁI CHI TIẾT TÀI KHOẢN" period={fromTo(report.from, report.to)} heading={heading}>
      {report.accounts.length === 0 ? <p class="empty">Không có số dư hay phát sinh nào trong kỳ.</p> : null}
      {report.accounts.map((account) => (
        <section>
          <h2>
            Tài khoản {account.code} — {account.name} ({account.currency})
          </h2>
          <p class="note">{account.fundName}</p>
          <table>
            <thead>
              <tr>
                <th>Ngày</th>
                <th>Số CT</th>
                <th>Diễn giải</th>
                <th class="amount">Nợ</th>
                <th class="amount">Có</th>
                <th class="amount">Số dư</th>
              </tr>
            </thead>
            <tbody>
              <tr class="sub">
                <td>{vnDate(report.from)}</td>
                <td />
                <td>Số dư đầu kỳ</td>
                <td />
                <td />
                <td class="amount">{money(account.opening, account.currency)}</td>
              </tr>
              {account.lines.map((line) => (
                <tr>
                  <td>{vnDate(line.date)}</td>
                  <td>{line.seq}</td>
                  <td>{line.memo ? `${line.description} — ${line.memo}` : line.description}</td>
                  <td class="amount">{money(line.debit, account.currency)}</td>
                  <td class="amount">{money(line.credit, account.currency)}</td>
                  <td class="amount">{money(line.balance, account.currency)}</td>
                </tr>
              ))}
              <tr class="total">
                <td>{vnDate(report.to)}</td>
                <td />
                <td>Cộng phát sinh, số dư cuối kỳ</td>
                <td class="amount">{money(account.debit, account.currency)}</td>
                <td class="amount">{money(account.credit, account.currency)}</td>
                <td class="amount">{money(account.closing, account.currency)}</td>
              </tr>
            </tbody>
          </table>
        </section>
      ))}
    </Sheet>
  );
}

export function renderJournalPage(report: JournalReport, heading: ReportHeading) {
  return (
    <Sheet title="SỔ NHẬT KÝ CHUNG" period={fromTo(report.from, report.to)} heading={heading}>
      <table>
        <thead>
          <tr>
            <th>Ngày</th>
            <th>Số CT</th>
            <th>Diễn giải</th>
            <th>Tài khoản</th>
            <th class="amount">Nợ</th>
            <th class="amount">Có</th>
          </tr>
        </thead>
        <tbody>
          {report.entries.length === 0 ? (
            <tr>
              <td colspan={6} class="empty">
                Không có bút toán nào trong kỳ.
              </td>
            </tr>
          ) : null}
          {report.entries.flatMap((entry) =>
            entry.postings.map((posting, index) => (
              <tr class={index === 0 ? undefined : 'detail'}>
                <td>{index === 0 ? vnDate(entry.date) : ''}</td>
                <td>{index === 0 ? entry.seq : ''}</td>
                <td>{index === 0 ? entry.description : (posting.memo ?? '')}</td>
                <td>
                  {posting.code} {posting.name}
                </td>
                <td class="amount">
                  {posting.side === 'debit' ? money(posting.amount, posting.currency) : ''}
                </td>
                <td class="amount">
                  {posting.side === 'credit' ? money(posting.amount, posting.currency) : ''}
                </td>
              </tr>
            )),
          )}
          {report.totals.map((total) => (
            <tr class="total">
              <td colspan={4}>Cộng ({total.currency})</td>
              <td class="amount">{money(total.debit, total.currency)}</td>
              <td class="amount">{money(total.credit, total.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Sheet>
  );
}

export function renderFundStatementPage(report: FundStatementReport, heading: ReportHeading) {
  return (
    <Sheet title="BÁO CÁO THU CHI QUỸ" period={fromTo(report.from, report.to)} heading={heading}>
      {report.currencies.length === 0 ? <p class="empty">Quỹ chưa có tài khoản nào.</p> : null}
      {report.currencies.map((block) => (
        <section>
          <h2>Loại tiền: {block.currency}</h2>
          <table>
            <thead>
              <tr>
                <th>Chỉ tiêu</th>
                <th class="amount">Số tiền</th>
              </tr>
            </thead>
            <tbody>
              {statementLines(block).map((line) => (
                <tr class={line.level === 0 ? 'total' : 'detail'} data-item={`${line.section}.${line.item}`}>
                  <td>{line.label}</td>
                  <td class="amount">{money(line.amountMinor, block.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <p class="note">
        Điều chuyển giữa các quỹ, các cấp không tính là thu hay chi; bút toán kết chuyển cuối năm không tính
        vào thu, chi trong kỳ.
      </p>
    </Sheet>
  );
}

const PHASES: Record<CampaignPhase, string> = {
  not_started: 'Chưa bắt đầu tiếp nhận',
  receiving: 'Đang tiếp nhận',
  distributing: 'Đang phân phối',
  ended: 'Đã kết thúc',
};

export function renderCampaignResultPage(report: CampaignResultReport, heading: ReportHeading) {
  return (
    <Sheet
      title="BÁO CÁO KẾT QUẢ VẬN ĐỘNG, TIẾP NHẬN VÀ PHÂN PHỐI"
      period={`Số liệu đến ngày ${vnDate(report.asOf)} (Nghị định 93/2021/NĐ-CP, Điều 13)`}
      heading={heading}
    >
      {report.campaigns.length === 0 ? <p class="empty">Quỹ chưa có đợt vận động nào.</p> : null}
      {report.campaigns.map((campaign) => (
        <section>
          <h2>{campaign.name}</h2>
          <p class="note">
            Tiếp nhận từ {vnDate(campaign.receivingFrom)} đến {vnDate(campaign.receivingTo)}; phân phối xong
            trước {vnDate(campaign.distributionDeadline)}. {PHASES[campaign.phase]}.
          </p>
          <table>
            <thead>
              <tr>
                <th>Loại tiền</th>
                <th class="amount">Vận động (đăng ký)</th>
                <th class="amount">Đã tiếp nhận (tiền)</th>
                <th class="amount">Hiện vật (quy ra tiền)</th>
                <th class="amount">Đã phân phối</th>
                <th class="amount">Còn lại</th>
              </tr>
            </thead>
            <tbody>
              {campaign.lines.length === 0 ? (
                <tr>
                  <td colspan={6} class="empty">
                    Chưa có đăng ký, tiếp nhận hay phân phối nào.
                  </td>
                </tr>
              ) : null}
              {campaign.lines.map((line) => (
                <tr>
                  <td>{line.currency}</td>
                  <td class="amount">{money(line.mobilised, line.currency)}</td>
                  <td class="amount">{money(line.received, line.currency)}</td>
                  <td class="amount">{money(line.receivedInKind, line.currency)}</td>
                  <td class="amount">{money(line.distributed, line.currency)}</td>
                  <td class="amount">{money(line.remaining, line.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Sheet>
  );
}
