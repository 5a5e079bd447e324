import type { Client, InStatement, Row } from '@libsql/client';
import type {
  LedgerRecord,
  LineChange,
  LineStatus,
  Listed,
  NewStatementLine,
  PrintedLine,
  ReconcilingLineGroup,
  RecordKind,
  StatementImportView,
  StatementLineView,
  StatementStore,
  StatementTotals,
  UnmatchedEntry,
} from '../capabilities/bank-statements.ts';
import type { WriteExtras } from '../capabilities/context.ts';
import type { NewDonation } from '../capabilities/donations.ts';
import type { EntryView } from '../capabilities/views.ts';
import type { CampaignCode } from '../domain/bank-statements/payment-codes.ts';
import { DomainError } from '../domain/errors.ts';
import { Filters } from './filters.ts';
import { LedgerStore } from './ledger-store.ts';
import { multiRowInsert } from './multi-row-insert.ts';
import { ProjectStore } from './project-store.ts';
import { bigintOf, isoInstant, optionalText, textOf } from './rows.ts';

/**
 * Bank statement imports, their lines and what they are matched to, and the queries of reconciliation,
 * on libSQL. A store of its own over the app's client (it shares the client's write queue, so its writes
 * are serialized with every other write of the process): the app's store is extended by others, and
 * statements need nothing of it but the ledger's basics (LedgerStore) — and, to turn a line into a gift,
 * the app's own store class (donationStoreMatchingLine).
 */

const LINE_COLUMNS = [
  'id',
  'account_id',
  'import_id',
  'line_no',
  'date',
  'reference',
  'debit_minor',
  'credit_minor',
  'balance_minor',
  'description',
  'counterparty',
  'fingerprint',
  'status',
  'match_kind',
  'match_id',
  'match_rule',
  'match_score_per_mille',
  'matched_by',
  'matched_at_ms',
  'note',
  'created_at_ms',
] as const;
const LINES = multiRowInsert(`bank_statement_lines (${LINE_COLUMNS.join(', ')})`, LINE_COLUMNS.length);

/** The journal entry a line's record stands for (the same CASE as the guards in 0017_statement_guards). */
const MATCHED_ENTRY_ID = `CASE l.match_kind
  WHEN 'donation' THEN (SELECT d.entry_id FROM donations d WHERE d.id = l.match_id)
  WHEN 'disbursement' THEN (SELECT b.pay_entry_id FROM disbursements b WHERE b.id = l.match_id)
  WHEN 'transfer' THEN (SELECT t.entry_id FROM transfers t WHERE t.id = l.match_id)
  ELSE l.match_id END`;

/** Each entry moving money on an account, with the record it belongs to. `?1` is the account. */
const RECORDS = `SELECT p.entry_id, min(p.entry_date) AS date,
    sum(CASE p.side WHEN 'debit' THEN p.amount_minor ELSE -p.amount_minor END) AS net,
    e.kind AS entry_kind, e.description, e.reverses_entry_id,
    EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses_entry_id = p.entry_id) AS reversed,
    CASE WHEN d.id IS NOT NULL THEN 'donation' WHEN b.id IS NOT NULL THEN 'disbursement'
      WHEN t.id IS NOT NULL THEN 'transfer' ELSE 'entry' END AS record_kind,
    coalesce(d.id, b.id, t.id, p.entry_id) AS record_id,
    d.bank_ref, d.memo, coalesce(d.campaign_id, b.campaign_id) AS campaign_id,
    coalesce(o.name, bf.name) AS name
  FROM postings p
  JOIN journal_entries e ON e.id = p.entry_id
  LEFT JOIN donations d ON d.entry_id = p.entry_id
  LEFT JOIN donors o ON o.id = d.donor_id
  LEFT JOIN disbursements b ON b.pay_entry_id = p.entry_id
  LEFT JOIN beneficiaries bf ON bf.id = b.beneficiary_id
  LEFT JOIN transfers t ON t.entry_id = p.entry_id`;

/** The line of the account matched to a record row `g` of RECORDS, if any. `?1` is the account. */
const MATCHED_LINE = `(SELECT l.id FROM bank_statement_lines l WHERE l.match_id = g.record_id
  AND l.account_id = ?1 AND l.status = 'matched' AND l.match_kind = g.record_kind)`;

export class SqlStatementStore extends LedgerStore implements StatementStore {
  /** The class of the app's store: a gift made from a line goes through it (donationStoreMatchingLine). */
  readonly #appStoreClass: typeof ProjectStore;

  constructor(client: Client, appStoreClass: typeof ProjectStore = ProjectStore) {
    super(client);
    this.#appStoreClass = appStoreClass;
  }

  protected override async write(statements: InStatement[], extras: WriteExtras): Promise<void> {
    try {
      await super.write(statements, extras);
    } catch (error) {
      throw translateStatementError(error);
    }
  }

  // — imports —

  async existingFingerprints(
    accountId: string,
    period: { from: string; to: string },
    fingerprints: readonly string[],
  ): Promise<Set<string>> {
    // A fingerprint covers the line's date: only lines of the same days can share one. One range read
    // of the account's lines of those days (an index seek), rather than a lookup per line.
    const rows = await this.rows(
      'SELECT fingerprint FROM bank_statement_lines WHERE account_id = ? AND date BETWEEN ? AND ?',
      [accountId, period.from, period.to],
    );
    const wanted = new Set(fingerprints);
    const found = new Set<string>();
    for (const row of rows) {
      const fingerprint = textOf(row.fingerprint);
      if (wanted.has(fingerprint)) found.add(fingerprint);
    }
    return found;
  }

  async openRecords(accountId: string, from: string, to: string): Promise<LedgerRecord[]> {
    const rows = await this.rows(
      `SELECT g.*, NULL AS matched_line_id FROM (${RECORDS}
         WHERE p.account_id = ?1 AND p.entry_date BETWEEN ?2 AND ?3 GROUP BY p.entry_id) g
       WHERE NOT EXISTS ${MATCHED_LINE.replace('(SELECT l.id', '(SELECT 1')}
       ORDER BY g.date, g.entry_id`,
      [accountId, from, to],
    );
    return rows.map(recordFromRow);
  }

  async recordOf(accountId: string, kind: RecordKind, id: string): Promise<LedgerRecord | null> {
    const entryOf: Record<RecordKind, string> = {
      donation: 'SELECT entry_id FROM donations WHERE id = ?2',
      disbursement: 'SELECT pay_entry_id FROM disbursements WHERE id = ?2',
      transfer: 'SELECT entry_id FROM transfers WHERE id = ?2',
      entry: 'SELECT ?2',
    };
    const [row] = await this.rows(
      `SELECT g.*, ${MATCHED_LINE} AS matched_line_id FROM (${RECORDS}
         WHERE p.account_id = ?1 AND p.entry_id = (${entryOf[kind]}) GROUP BY p.entry_id) g`,
      [accountId, id],
    );
    if (!row) return null;
    const record = recordFromRow(row);
    return record.kind === kind && record.id === id ? record : null;
  }

  async fundCampaignCodes(
    fundId: string,
  ): Promise<(CampaignCode & { receivingFrom: string; receivingTo: string })[]> {
    const rows = await this.rows(
      'SELECT id, payment_code_prefix, receiving_from, receiving_to FROM campaigns WHERE fund_id = ? ORDER BY id',
      [fundId],
    );
    return rows.map((row) => ({
      campaignId: textOf(row.id),
      prefix: textOf(row.payment_code_prefix),
      receivingFrom: textOf(row.receiving_from),
      receivingTo: textOf(row.receiving_to),
    }));
  }

  async insertStatementImport(
    view: StatementImportView,
    lines: readonly NewStatementLine[],
    nowMs: number,
    extras: WriteExtras,
  ): Promise<void> {
    const importInsert: InStatement = {
      sql: `INSERT INTO bank_statement_imports (id, account_id, format, file_name, file_sha256, imported_by,
              imported_at_ms, lines_read, lines_new, lines_duplicate, period_from, period_to)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        view.id,
        view.accountId,
        view.format,
        view.fileName,
        view.fileSha256,
        view.importedBy,
        nowMs,
        view.read,
        view.new,
        view.duplicates,
        view.periodFrom,
        view.periodTo,
      ],
    };
    const args = lines.flatMap((stored) => lineRow(view, stored, nowMs));
    await this.write([importInsert, ...LINES.statements(args)], extras);
  }

  // — lines —

  async getStatementLine(id: string): Promise<StatementLineView | null> {
    const [row] = await this.rows('SELECT * FROM bank_statement_lines WHERE id = ?', [id]);
    return row ? lineFromRow(row) : null;
  }

  async listStatementLines(query: Parameters<StatementStore['listStatementLines']>[0]) {
    const where = new Filters()
      .add('account_id = ?', [query.accountId])
      .when(query.status, 'status = ?')
      .when(query.from, 'date >= ?')
      .when(query.to, 'date <= ?')
      .when(query.after?.date, '(date, id) > (?, ?)', [query.after?.date ?? null, query.after?.id ?? null]);
    const rows = await this.rows(
      `SELECT * FROM bank_statement_lines WHERE ${where.sql} ORDER BY date, id LIMIT ?`,
      [...where.args, query.limit],
    );
    return rows.map(lineFromRow);
  }

  async updateStatementLine(id: string, change: LineChange, extras: WriteExtras): Promise<void> {
    const { match } = change;
    await this.write(
      [
        {
          sql: `UPDATE bank_statement_lines SET status = ?, match_kind = ?, match_id = ?, match_rule = ?,
                  match_score_per_mille = ?, matched_by = ?, matched_at_ms = ?, note = ? WHERE id = ?`,
          args: [
            change.status,
            match?.kind ?? null,
            match?.id ?? null,
            match?.rule ?? null,
            match?.scorePerMille ?? null,
            match?.by ?? null,
            match?.atMs ?? null,
            change.note,
            id,
          ],
        },
      ],
      extras,
    );
  }

  donationStoreMatchingLine(line: { id: string; by: string; atMs: number }): ProjectStore {
    return lineMatchingStore(this.#appStoreClass, this.client, line);
  }

  // — reconciliation —

  async statementTotals(accountId: string, asOf: string): Promise<StatementTotals> {
    const [row] = await this.rows(
      `SELECT count(*) AS lines, coalesce(sum(credit_minor), 0) AS credit, coalesce(sum(debit_minor), 0) AS debit,
              min(date) AS first_date, max(date) AS last_date
       FROM bank_statement_lines WHERE account_id = ? AND date <= ?`,
      [accountId, asOf],
    );
    return {
      lines: Number(row?.lines ?? 0),
      creditMinor: bigintOf(row?.credit),
      debitMinor: bigintOf(row?.debit),
      firstDate: optionalText(row?.first_date),
      lastDate: optionalText(row?.last_date),
    };
  }

  async lastPrintedDay(
    accountId: string,
    asOf: string,
  ): Promise<{ date: string; lines: PrintedLine[] } | null> {
    const [day] = await this.rows(
      `SELECT max(date) AS date FROM bank_statement_lines
       WHERE account_id = ? AND date <= ? AND balance_minor IS NOT NULL`,
      [accountId, asOf],
    );
    const date = optionalText(day?.date);
    if (date === null) return null;
    const rows = await this.rows(
      `SELECT id, import_id, line_no, credit_minor, debit_minor, balance_minor FROM bank_statement_lines
       WHERE account_id = ? AND date = ? AND balance_minor IS NOT NULL`,
      [accountId, date],
    );
    const lines = rows.map((row) => ({
      id: textOf(row.id),
      importId: textOf(row.import_id),
      lineNo: Number(row.line_no),
      creditMinor: bigintOf(row.credit_minor),
      debitMinor: bigintOf(row.debit_minor),
      balanceMinor: bigintOf(row.balance_minor),
    }));
    return { date, lines };
  }

  async lineMovement(accountId: string, after: string, to: string): Promise<bigint> {
    const [row] = await this.rows(
      `SELECT coalesce(sum(credit_minor - debit_minor), 0) AS movement FROM bank_statement_lines
       WHERE account_id = ? AND date > ? AND date <= ?`,
      [accountId, after, to],
    );
    return bigintOf(row?.movement);
  }

  async ledgerBalanceAsOf(accountId: string, asOf: string): Promise<bigint> {
    const [row] = await this.rows(
      `SELECT debit_total_minor - credit_total_minor AS balance FROM account_day_totals
       WHERE account_id = ? AND day <= ? ORDER BY day DESC LIMIT 1`,
      [accountId, asOf],
    );
    return bigintOf(row?.balance);
  }

  async reconcilingLines(
    accountId: string,
    asOf: string,
    group: ReconcilingLineGroup,
    limit: number,
  ): Promise<Listed<StatementLineView>> {
    const condition: Record<ReconcilingLineGroup, string> = {
      open: "l.status IN ('unmatched', 'suggested')",
      ignored: "l.status = 'ignored'",
      'matched-later': `l.status = 'matched'
        AND (SELECT e.entry_date FROM journal_entries e WHERE e.id = (${MATCHED_ENTRY_ID})) > ?2`,
    };
    const where = `l.account_id = ?1 AND l.date <= ?2 AND ${condition[group]}`;
    const [totals] = await this.rows(
      `SELECT count(*) AS n, coalesce(sum(l.credit_minor - l.debit_minor), 0) AS total
       FROM bank_statement_lines l WHERE ${where}`,
      [accountId, asOf],
    );
    const rows = await this.rows(
      `SELECT l.* FROM bank_statement_lines l WHERE ${where} ORDER BY l.date, l.id LIMIT ?3`,
      [accountId, asOf, limit],
    );
    return {
      count: Number(totals?.n ?? 0),
      totalMinor: bigintOf(totals?.total),
      items: rows.map(lineFromRow),
    };
  }

  async unmatchedEntries(accountId: string, asOf: string, limit: number): Promise<Listed<UnmatchedEntry>> {
    // Entries on the account up to asOf that no line up to asOf is matched to; an entry and its reversal
    // that are both in that set cancel out and are left out.
    const unmatched = `WITH matched(entry_id) AS (
        SELECT ${MATCHED_ENTRY_ID} FROM bank_statement_lines l
        WHERE l.account_id = ?1 AND l.status = 'matched' AND l.date <= ?2),
      open AS (SELECT g.* FROM (${RECORDS} WHERE p.account_id = ?1 AND p.entry_date <= ?2 GROUP BY p.entry_id) g
        WHERE g.entry_id NOT IN (SELECT entry_id FROM matched WHERE entry_id IS NOT NULL)),
      listed AS (SELECT o.* FROM open o
        WHERE NOT (o.reverses_entry_id IS NOT NULL AND o.reverses_entry_id IN (SELECT entry_id FROM open))
          AND NOT EXISTS (SELECT 1 FROM open r WHERE r.reverses_entry_id = o.entry_id))`;
    const [totals] = await this.rows(
      `${unmatched} SELECT count(*) AS n, coalesce(sum(net), 0) AS total FROM listed`,
      [accountId, asOf],
    );
    const rows = await this.rows(
      `${unmatched} SELECT g.*, (SELECT l.id || ' ' || l.date FROM bank_statement_lines l WHERE l.match_id = g.record_id
          AND l.account_id = ?1 AND l.status = 'matched' AND l.match_kind = g.record_kind) AS matched_line
       FROM listed g ORDER BY g.date, g.entry_id LIMIT ?3`,
      [accountId, asOf, limit],
    );
    return {
      count: Number(totals?.n ?? 0),
      totalMinor: bigintOf(totals?.total),
      items: rows.map(unmatchedEntryFromRow),
    };
  }
}

/** One statement store per app store (and so per client): it keeps the ledger head between requests. */
const stores = new WeakMap<ProjectStore, SqlStatementStore>();

export function statementStoreOf(appStore: ProjectStore): SqlStatementStore {
  let store = stores.get(appStore);
  if (!store) {
    store = new SqlStatementStore(appStore.client, appStore.constructor as typeof ProjectStore);
    stores.set(appStore, store);
  }
  return store;
}

/**
 * The app's store class, extended for one gift: the batch that commits the gift (its entry, donor,
 * receipt and allocation source) also matches the statement line to it — checked, inside the write
 * queue, to be still unmatched. recordDonation is used as it is, so the gift is like any other.
 */
function lineMatchingStore(
  appStoreClass: typeof ProjectStore,
  client: Client,
  line: { id: string; by: string; atMs: number },
): ProjectStore {
  class LineMatchingStore extends appStoreClass {
    #donationId: string | null = null;

    override async commitDonation(
      gift: NewDonation,
      seal: (views: EntryView[]) => WriteExtras,
    ): Promise<void> {
      const [row] = await this.rows('SELECT status FROM bank_statement_lines WHERE id = ?', [line.id]);
      if (!row || textOf(row.status) !== 'unmatched') {
        throw new DomainError(
          'invalid-state',
          'The statement line was matched or set aside in the meantime; read it again.',
        );
      }
      this.#donationId = gift.donation.id;
      try {
        await super.commitDonation(gift, seal);
      } finally {
        this.#donationId = null;
      }
    }

    protected override async write(statements: InStatement[], extras: WriteExtras): Promise<void> {
      const alongside: InStatement[] =
        this.#donationId === null
          ? []
          : [
              {
                sql: `UPDATE bank_statement_lines SET status = 'matched', match_kind = 'donation', match_id = ?,
                        match_rule = 'new-donation', match_score_per_mille = NULL, matched_by = ?, matched_at_ms = ?,
                        note = NULL
                      WHERE id = ?`,
                args: [this.#donationId, line.by, line.atMs, line.id],
              },
            ];
      try {
        await super.write([...statements, ...alongside], extras);
      } catch (error) {
        throw translateStatementError(error);
      }
    }
  }
  return new LineMatchingStore(client);
}

function lineRow(view: StatementImportView, stored: NewStatementLine, nowMs: number): unknown[] {
  const { line, match } = stored;
  const matched = stored.status === 'matched';
  return [
    stored.id,
    view.accountId,
    view.id,
    line.lineNo,
    line.date,
    line.reference,
    Number(line.debitMinor),
    Number(line.creditMinor),
    line.balanceMinor === null ? null : Number(line.balanceMinor),
    line.description,
    line.counterparty,
    line.fingerprint,
    stored.status,
    match?.kind ?? null,
    match?.id ?? null,
    match?.rule ?? null,
    match?.scorePerMille ?? null,
    matched ? view.importedBy : null,
    matched ? nowMs : null,
    null,
    nowMs,
  ];
}

function lineFromRow(row: Row): StatementLineView {
  const kind = optionalText(row.match_kind) as RecordKind | null;
  const score = row.match_score_per_mille;
  const at = row.matched_at_ms;
  return {
    id: textOf(row.id),
    accountId: textOf(row.account_id),
    importId: textOf(row.import_id),
    lineNo: Number(row.line_no),
    date: textOf(row.date),
    reference: optionalText(row.reference),
    debit: bigintOf(row.debit_minor).toString(),
    credit: bigintOf(row.credit_minor).toString(),
    balance: row.balance_minor === null ? null : bigintOf(row.balance_minor).toString(),
    description: textOf(row.description),
    counterparty: optionalText(row.counterparty),
    status: textOf(row.status) as LineStatus,
    match:
      kind === null
        ? null
        : {
            kind,
            id: textOf(row.match_id),
            rule: textOf(row.match_rule),
            score: score === null || score === undefined ? null : Number(score) / 1000,
            by: optionalText(row.matched_by),
            at: at === null || at === undefined ? null : isoInstant(at),
          },
    note: optionalText(row.note),
    createdAt: isoInstant(row.created_at_ms),
  };
}

function recordFromRow(row: Row): LedgerRecord {
  return {
    kind: textOf(row.record_kind) as RecordKind,
    id: textOf(row.record_id),
    entryId: textOf(row.entry_id),
    date: textOf(row.date),
    netMinor: bigintOf(row.net),
    description: textOf(row.description),
    bankRef: optionalText(row.bank_ref),
    memo: optionalText(row.memo),
    campaignId: optionalText(row.campaign_id),
    name: optionalText(row.name),
    reversed: Number(row.reversed) === 1,
    isReversal: row.reverses_entry_id !== null && row.reverses_entry_id !== undefined,
    matchedLineId: optionalText(row.matched_line_id),
  };
}

function unmatchedEntryFromRow(row: Row): UnmatchedEntry {
  const matched = optionalText(row.matched_line);
  const [lineId, lineDate] = matched === null ? [null, null] : matched.split(' ');
  return {
    entryId: textOf(row.entry_id),
    kind: textOf(row.record_kind) as RecordKind,
    recordId: textOf(row.record_id),
    date: textOf(row.date),
    amount: bigintOf(row.net).toString(),
    description: textOf(row.description),
    matchedLine: lineId && lineDate ? { id: lineId, date: lineDate } : null,
  };
}

/** The statement guards' messages (0017_statement_guards) as the refusals a client can act on. */
const STATEMENT_GUARDS: [pattern: string, make: () => DomainError][] = [
  [
    'soquy:statement-not-bank',
    () => new DomainError('validation-failed', 'Statements are imported into bank accounts only.'),
  ],
  [
    'soquy:statement-permanent',
    () => new DomainError('conflict', 'Imported statements and their lines are kept as imported.'),
  ],
  [
    'soquy:statement-line-changed',
    () => new DomainError('invalid-state', 'The statement line was matched in the meantime; read it again.'),
  ],
  [
    'soquy:statement-match-amount',
    () =>
      new DomainError(
        'validation-failed',
        'The line and the record move different amounts on the account, so they cannot be matched.',
      ),
  ],
  [
    'bank_statement_lines.account_id, bank_statement_lines.match_kind, bank_statement_lines.match_id',
    () =>
      new DomainError('conflict', 'The record was matched to another line in the meantime; read it again.'),
  ],
  [
    'bank_statement_lines.account_id, bank_statement_lines.fingerprint',
    () =>
      new DomainError(
        'conflict',
        'Some of these lines were imported by another request at the same moment. Import the file again: lines already imported are skipped.',
      ),
  ],
];

export function translateStatementError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  for (const [pattern, make] of STATEMENT_GUARDS) if (message.includes(pattern)) return make();
  return error;
}
