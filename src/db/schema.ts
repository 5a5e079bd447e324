import { sql } from 'drizzle-orm';
import {
  blob,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/**
 * Every table of Sổ Quỹ. Money columns are INTEGER minor units (`…_minor`); timestamps are epoch
 * milliseconds (`…_at_ms`); accounting dates are `YYYY-MM-DD` text. Triggers that keep the journal
 * immutable and balanced live in a custom migration (drizzle/0001_ledger_guards.sql).
 */

export const units = sqliteTable(
  'units',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    level: text('level'),
    /** Short code printed in receipt numbers (PT-LCH-2024-000123); unique. */
    code: text('code'),
    parentId: text('parent_id').references((): ReturnType<typeof text> => units.id),
    depth: integer('depth').notNull(),
    successorId: text('successor_id'),
    succeededOn: text('succeeded_on'),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    index('units_parent').on(table.parentId),
    uniqueIndex('units_code').on(table.code),
    check(
      'units_kind',
      sql`${table.kind} in ('mttq','womens_union','labour_federation','farmers_union','veterans','youth_union','other')`,
    ),
  ],
);

/** Closure of the unit tree: one row per (ancestor, descendant) pair, the unit itself included at depth 0. */
export const unitClosure = sqliteTable(
  'unit_closure',
  {
    ancestorId: text('ancestor_id').notNull(),
    descendantId: text('descendant_id').notNull(),
    depth: integer('depth').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.ancestorId, table.descendantId] }),
    index('unit_closure_descendant').on(table.descendantId),
  ],
);

export const funds = sqliteTable(
  'funds',
  {
    id: text('id').primaryKey(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    index('funds_unit').on(table.unitId),
    check('funds_status', sql`${table.status} in ('active','closed')`),
  ],
);

export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    fundId: text('fund_id')
      .notNull()
      .references(() => funds.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    role: text('role'),
    currency: text('currency').notNull(),
    normalSide: text('normal_side').notNull(),
    nonNegative: integer('non_negative', { mode: 'boolean' }).notNull(),
    status: text('status').notNull(),
    debitTotalMinor: integer('debit_total_minor').notNull().default(0),
    creditTotalMinor: integer('credit_total_minor').notNull().default(0),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    uniqueIndex('accounts_fund_code').on(table.fundId, table.code),
    index('accounts_unit').on(table.unitId),
    check('accounts_type', sql`${table.type} in ('asset','liability','net_assets','revenue','expense')`),
    check('accounts_normal_side', sql`${table.normalSide} in ('debit','credit')`),
    check('accounts_status', sql`${table.status} in ('open','closed')`),
    check(
      'accounts_totals_range',
      sql`${table.debitTotalMinor} between 0 and 9007199254740991 and ${table.creditTotalMinor} between 0 and 9007199254740991`,
    ),
    // The database's own copy of the no-negative rule: a write that breaks it aborts the whole batch.
    check(
      'accounts_non_negative',
      sql`${table.nonNegative} = 0 or (case ${table.normalSide} when 'debit' then ${table.debitTotalMinor} - ${table.creditTotalMinor} else ${table.creditTotalMinor} - ${table.debitTotalMinor} end) >= 0`,
    ),
  ],
);

/**
 * Journal entries. `seq` is the order of commitment (the future hash chain walks it); `id` is the public
 * id. A row is inserted after its postings, in the same batch, so the insert trigger can check balance.
 */
export const journalEntries = sqliteTable(
  'journal_entries',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    entryDate: text('entry_date').notNull(),
    description: text('description').notNull(),
    kind: text('kind').notNull(),
    reversesEntryId: text('reverses_entry_id'),
    postingCount: integer('posting_count').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
    /**
     * Tamper evidence (issue 7): SHA-256 over the previous entry's hash and this entry's canonical
     * content, postings included (docs/decisions/0006-hash-chain.md).
     */
    hash: text('hash'),
  },
  (table) => [
    uniqueIndex('journal_entries_id').on(table.id),
    // At most one reversal per entry, whichever writer gets there first.
    uniqueIndex('journal_entries_reverses').on(table.reversesEntryId),
    index('journal_entries_date').on(table.entryDate),
    check(
      'journal_entries_kind',
      sql`${table.kind} in ('opening','donation','disbursement','transfer','exchange','reversal','adjustment')`,
    ),
    check(
      'journal_entries_reversal_link',
      sql`(${table.kind} = 'reversal') = (${table.reversesEntryId} is not null)`,
    ),
    check('journal_entries_posting_count', sql`${table.postingCount} between 2 and 500`),
  ],
);

export const postings = sqliteTable(
  'postings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryId: text('entry_id').notNull(),
    accountId: text('account_id').notNull(),
    /** Copied from the account (checked by trigger) so the database can check balance per fund. */
    fundId: text('fund_id').notNull(),
    side: text('side').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    entryDate: text('entry_date').notNull(),
    memo: text('memo'),
  },
  (table) => [
    index('postings_entry').on(table.entryId),
    index('postings_account').on(table.accountId, table.id),
    check('postings_side', sql`${table.side} in ('debit','credit')`),
    check('postings_amount_range', sql`${table.amountMinor} between 1 and 1000000000000000`),
  ],
);

/**
 * Cumulative debit and credit totals of an account through the end of each day it moved: the balance
 * as of any date is one index seek, never a scan of postings.
 */
export const accountDayTotals = sqliteTable(
  'account_day_totals',
  {
    accountId: text('account_id').notNull(),
    day: text('day').notNull(),
    debitTotalMinor: integer('debit_total_minor').notNull(),
    creditTotalMinor: integer('credit_total_minor').notNull(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.day] })],
);

/** A write's idempotency key with a fingerprint of its input and the response it produced. */
export const idempotencyRecords = sqliteTable('idempotency_records', {
  key: text('key').primaryKey(),
  fingerprint: text('fingerprint').notNull(),
  statusCode: integer('status_code').notNull(),
  body: text('body').notNull(),
  createdAtMs: integer('created_at_ms').notNull(),
});

// — access control and audit (issue 3) —

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** Lower-case login name, unique. */
    username: text('username').notNull(),
    /** `pbkdf2-sha256$…` (src/domain/passwords.ts); null for token-only users. */
    passwordHash: text('password_hash'),
    status: text('status').notNull(),
    /** Demo accounts (documented passwords) are marked so no one mistakes them for real ones. */
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    uniqueIndex('users_username').on(table.username),
    check('users_status', sql`${table.status} in ('active','disabled')`),
  ],
);

/** A role at a unit (and its descendants); unit null = the whole tree. Revoked grants stay for the record. */
export const grants = sqliteTable(
  'grants',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    unitId: text('unit_id').references(() => units.id),
    role: text('role').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
    createdBy: text('created_by'),
    revokedAtMs: integer('revoked_at_ms'),
    revokedBy: text('revoked_by'),
  },
  (table) => [
    index('grants_user').on(table.userId),
    check('grants_role', sql`${table.role} in ('admin','accountant','approver','auditor')`),
  ],
);

/** API tokens, stored only as SHA-256 of the secret (shown once). */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAtMs: integer('expires_at_ms'),
    revokedAtMs: integer('revoked_at_ms'),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [uniqueIndex('api_tokens_hash').on(table.tokenHash), index('api_tokens_user').on(table.userId)],
);

/** Web sessions: the cookie carries a secret, the table its SHA-256, and the form token for CSRF. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    secretHash: text('secret_hash').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
    lastSeenAtMs: integer('last_seen_at_ms').notNull(),
    endedAtMs: integer('ended_at_ms'),
  },
  (table) => [uniqueIndex('sessions_secret').on(table.secretHash), index('sessions_user').on(table.userId)],
);

/** Failed logins, per account and per address, for rate limiting across processes and isolates. */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** `user:<username>` or `ip:<address>`. */
    subject: text('subject').notNull(),
    atMs: integer('at_ms').notNull(),
  },
  (table) => [index('login_failures_subject').on(table.subject, table.atMs)],
);

/** The audit trail: append-only (triggers refuse UPDATE and DELETE). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    atMs: integer('at_ms').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    /** The unit the object belongs to, when known: scoped auditors see their units' records. */
    unitId: text('unit_id'),
    requestId: text('request_id'),
    outcome: text('outcome').notNull(),
    status: integer('status').notNull(),
    ip: text('ip'),
    detail: text('detail'),
  },
  (table) => [
    uniqueIndex('audit_log_id').on(table.id),
    index('audit_log_actor').on(table.actorId, table.seq),
    index('audit_log_object').on(table.objectId, table.seq),
    index('audit_log_at').on(table.atMs),
    index('audit_log_unit').on(table.unitId, table.seq),
    check('audit_log_outcome', sql`${table.outcome} in ('success','refused','denied','error')`),
  ],
);

// — donations, receipts, campaigns and pledges (issue 4) —

/** Donors: individuals or organisations. Address and contact are private (staff in scope, audited). */
export const donors = sqliteTable(
  'donors',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** Lower-case, accents removed ("nguyen van a"): what name searches compare. */
    nameSearch: text('name_search').notNull(),
    address: text('address'),
    contact: text('contact'),
    /** The unit whose staff registered the donor. */
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    mergedIntoId: text('merged_into_id'),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    index('donors_name_search').on(table.nameSearch),
    index('donors_unit').on(table.unitId),
    check('donors_kind', sql`${table.kind} in ('individual','organisation')`),
  ],
);

/** Đợt vận động: a campaign under a fund, with its own bank account and its legal windows. */
export const campaigns = sqliteTable(
  'campaigns',
  {
    id: text('id').primaryKey(),
    fundId: text('fund_id')
      .notNull()
      .references(() => funds.id),
    unitId: text('unit_id').notNull(),
    name: text('name').notNull(),
    purpose: text('purpose').notNull(),
    legalBasis: text('legal_basis'),
    bankBin: text('bank_bin'),
    bankAccountNo: text('bank_account_no'),
    bankAccountHolder: text('bank_account_holder'),
    receivingFrom: text('receiving_from').notNull(),
    receivingTo: text('receiving_to').notNull(),
    distributionDeadline: text('distribution_deadline').notNull(),
    /** Short ASCII prefix of the payment codes put in transfer memos (VietQR), e.g. "YAGI". */
    paymentCodePrefix: text('payment_code_prefix').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    index('campaigns_fund').on(table.fundId),
    uniqueIndex('campaigns_payment_code_prefix').on(table.paymentCodePrefix),
    check(
      'campaigns_window',
      sql`${table.receivingFrom} <= ${table.receivingTo} and ${table.receivingTo} <= ${table.distributionDeadline}`,
    ),
  ],
);

export const donations = sqliteTable(
  'donations',
  {
    id: text('id').primaryKey(),
    fundId: text('fund_id')
      .notNull()
      .references(() => funds.id),
    unitId: text('unit_id').notNull(),
    campaignId: text('campaign_id'),
    donorId: text('donor_id')
      .notNull()
      .references(() => donors.id),
    pledgeId: text('pledge_id'),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    receivedOn: text('received_on').notNull(),
    channel: text('channel').notNull(),
    disclosure: text('disclosure').notNull(),
    bankRef: text('bank_ref'),
    memo: text('memo'),
    earmarkCategory: text('earmark_category'),
    earmarkProjectId: text('earmark_project_id'),
    earmarkBeneficiaryId: text('earmark_beneficiary_id'),
    inKindDescription: text('in_kind_description'),
    /** Decimal text ("12.5"): quantities of goods need not be whole. */
    inKindQuantity: text('in_kind_quantity'),
    inKindUnit: text('in_kind_unit'),
    inKindUnitValueMinor: integer('in_kind_unit_value_minor'),
    receiptNo: text('receipt_no').notNull(),
    entryId: text('entry_id').notNull(),
    status: text('status').notNull(),
    voidReason: text('void_reason'),
    voidEntryId: text('void_entry_id'),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    index('donations_fund_received').on(table.fundId, table.receivedOn, table.id),
    index('donations_campaign').on(table.campaignId, table.receivedOn),
    index('donations_donor').on(table.donorId),
    index('donations_bank_ref').on(table.bankRef),
    index('donations_pledge').on(table.pledgeId),
    uniqueIndex('donations_receipt').on(table.receiptNo),
    uniqueIndex('donations_entry').on(table.entryId),
    check('donations_amount', sql`${table.amountMinor} between 1 and 1000000000000000`),
    check('donations_channel', sql`${table.channel} in ('cash','bank_transfer','in_kind','payroll','other')`),
    check('donations_disclosure', sql`${table.disclosure} in ('public','anonymous','on_request')`),
    check('donations_status', sql`${table.status} in ('valid','void')`),
  ],
);

/**
 * Receipt numbers, gap-free per issuing unit and year: a trigger (custom migration) accepts only the
 * next number, and the primary key makes each number once, whoever writes.
 */
export const receipts = sqliteTable(
  'receipts',
  {
    receiptNo: text('receipt_no').primaryKey(),
    unitId: text('unit_id').notNull(),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    donationId: text('donation_id').notNull(),
    issuedAtMs: integer('issued_at_ms').notNull(),
  },
  (table) => [uniqueIndex('receipts_unit_year_number').on(table.unitId, table.year, table.number)],
);

/** Đăng ký ủng hộ: promises made at a launch ceremony, fulfilled later by donations. */
export const pledges = sqliteTable(
  'pledges',
  {
    id: text('id').primaryKey(),
    fundId: text('fund_id').notNull(),
    unitId: text('unit_id').notNull(),
    campaignId: text('campaign_id'),
    donorId: text('donor_id').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    pledgedOn: text('pledged_on').notNull(),
    dueOn: text('due_on'),
    status: text('status').notNull(),
    cancelReason: text('cancel_reason'),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    index('pledges_campaign').on(table.campaignId),
    index('pledges_fund').on(table.fundId),
    index('pledges_donor').on(table.donorId),
    check('pledges_status', sql`${table.status} in ('open','fulfilled','cancelled')`),
    check('pledges_amount', sql`${table.amountMinor} between 1 and 1000000000000000`),
  ],
);

// — beneficiaries, projects, disbursements, transfers and allocations (issue 5) —

/**
 * Đối tượng thụ hưởng: a household or a person. `nationalId`, `phone`, `address`, `ethnicity` and
 * `notes` are private (staff in scope and auditors; every read of them is audited); public surfaces
 * show `publicAlias` only.
 */
export const beneficiaries = sqliteTable(
  'beneficiaries',
  {
    id: text('id').primaryKey(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    village: text('village').notNull(),
    povertyStatus: text('poverty_status').notNull(),
    publicAlias: text('public_alias').notNull(),
    nationalId: text('national_id'),
    phone: text('phone'),
    address: text('address'),
    ethnicity: text('ethnicity'),
    notes: text('notes'),
    createdAtMs: integer('created_at_ms').notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
  },
  (table) => [
    index('beneficiaries_unit').on(table.unitId),
    check('beneficiaries_kind', sql`${table.kind} in ('household','person')`),
    check(
      'beneficiaries_poverty_status',
      sql`${table.povertyStatus} in ('poor','near_poor','policy_family','special_hardship','other')`,
    ),
  ],
);

/** A nhà Đại đoàn kết, a nhà tình nghĩa, a livelihood or scholarship programme… */
export const projects = sqliteTable(
  'projects',
  {
    id: text('id').primaryKey(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    fundId: text('fund_id')
      .notNull()
      .references(() => funds.id),
    campaignId: text('campaign_id'),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    beneficiaryId: text('beneficiary_id'),
    village: text('village'),
    budgetMinor: integer('budget_minor').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
  },
  (table) => [
    index('projects_fund').on(table.fundId),
    index('projects_unit').on(table.unitId),
    index('projects_beneficiary').on(table.beneficiaryId),
    check(
      'projects_kind',
      sql`${table.kind} in ('new_house','house_repair','livelihood','scholarship','health','tet_gifts','relief','other')`,
    ),
    check(
      'projects_status',
      sql`${table.status} in ('proposed','approved','under_construction','handed_over','closed','cancelled')`,
    ),
    check('projects_budget', sql`${table.budgetMinor} between 1 and 1000000000000000`),
  ],
);

/**
 * Co-funding of a project: a fund of the ledger, a named sponsor (another province's committee, a
 * company), or the household's own contribution. Information for the public page; money moves only
 * through disbursements.
 */
export const projectSponsors = sqliteTable(
  'project_sponsors',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    kind: text('kind').notNull(),
    fundId: text('fund_id'),
    name: text('name').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    note: text('note'),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    index('project_sponsors_project').on(table.projectId),
    check('project_sponsors_kind', sql`${table.kind} in ('fund','sponsor','household')`),
    check('project_sponsors_amount', sql`${table.amountMinor} between 0 and 1000000000000000`),
  ],
);

/** Khởi công, bàn giao and other dated steps of a project. */
export const projectMilestones = sqliteTable(
  'project_milestones',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    kind: text('kind').notNull(),
    date: text('date').notNull(),
    note: text('note'),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    index('project_milestones_project').on(table.projectId, table.date),
    check(
      'project_milestones_kind',
      sql`${table.kind} in ('approved','construction_started','handed_over','closed','cancelled','other')`,
    ),
  ],
);

/** Decision numbers, handover minutes, photos (a file kept with its checksum, or a link). */
export const projectEvidence = sqliteTable(
  'project_evidence',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    documentNo: text('document_no'),
    url: text('url'),
    sha256: text('sha256'),
    contentType: text('content_type'),
    sizeBytes: integer('size_bytes'),
    content: blob('content'),
    /** Whether a public page may show it (a photo of the house: yes; minutes with signatures: the unit decides). */
    isPublic: integer('is_public').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    index('project_evidence_project').on(table.projectId),
    check('project_evidence_kind', sql`${table.kind} in ('decision','minutes','photo','invoice','other')`),
  ],
);

/** Bàn giao: a first-class record, one per project. */
export const projectHandovers = sqliteTable('project_handovers', {
  projectId: text('project_id')
    .primaryKey()
    .references(() => projects.id),
  date: text('date').notNull(),
  place: text('place').notNull(),
  handedOverBy: text('handed_over_by').notNull(),
  receivedBy: text('received_by').notNull(),
  minutesNo: text('minutes_no').notNull(),
  createdAtMs: integer('created_at_ms').notNull(),
});

/**
 * Khoản chi: draft → approved | rejected → paid → reversed. Only `paid` moves money (`pay_entry_id`);
 * the approver is never the drafter (checked here as well as in the domain).
 */
export const disbursements = sqliteTable(
  'disbursements',
  {
    id: text('id').primaryKey(),
    fundId: text('fund_id')
      .notNull()
      .references(() => funds.id),
    unitId: text('unit_id').notNull(),
    campaignId: text('campaign_id'),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    category: text('category').notNull(),
    projectId: text('project_id'),
    beneficiaryId: text('beneficiary_id'),
    purpose: text('purpose').notNull(),
    date: text('date').notNull(),
    status: text('status').notNull(),
    draftedBy: text('drafted_by').notNull(),
    approvedBy: text('approved_by'),
    decisionNo: text('decision_no'),
    decisionDate: text('decision_date'),
    rejectedBy: text('rejected_by'),
    rejectReason: text('reject_reason'),
    paidBy: text('paid_by'),
    paidOn: text('paid_on'),
    payEntryId: text('pay_entry_id'),
    reversedBy: text('reversed_by'),
    reverseReason: text('reverse_reason'),
    reversalEntryId: text('reversal_entry_id'),
    createdAtMs: integer('created_at_ms').notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
  },
  (table) => [
    index('disbursements_fund').on(table.fundId, table.status, table.date),
    index('disbursements_project').on(table.projectId),
    index('disbursements_beneficiary').on(table.beneficiaryId),
    uniqueIndex('disbursements_pay_entry').on(table.payEntryId),
    check('disbursements_amount', sql`${table.amountMinor} between 1 and 1000000000000000`),
    check('disbursements_status', sql`${table.status} in ('draft','approved','rejected','paid','reversed')`),
    check(
      'disbursements_four_eyes',
      sql`${table.approvedBy} is null or ${table.approvedBy} <> ${table.draftedBy}`,
    ),
    check(
      'disbursements_paid_has_entry',
      sql`(${table.status} in ('paid','reversed')) = (${table.payEntryId} is not null)`,
    ),
  ],
);

/**
 * Điều chuyển: money moved between funds or levels (a commune remitting to the province, the province
 * allocating to communes). Neither income nor expense; the gifts it carries follow it.
 */
export const transfers = sqliteTable(
  'transfers',
  {
    id: text('id').primaryKey(),
    fromFundId: text('from_fund_id')
      .notNull()
      .references(() => funds.id),
    toFundId: text('to_fund_id')
      .notNull()
      .references(() => funds.id),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    date: text('date').notNull(),
    purpose: text('purpose').notNull(),
    earmarkCategory: text('earmark_category'),
    earmarkProjectId: text('earmark_project_id'),
    earmarkBeneficiaryId: text('earmark_beneficiary_id'),
    entryId: text('entry_id').notNull(),
    status: text('status').notNull(),
    reversalEntryId: text('reversal_entry_id'),
    reverseReason: text('reverse_reason'),
    createdBy: text('created_by').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    index('transfers_from').on(table.fromFundId, table.date),
    index('transfers_to').on(table.toFundId, table.date),
    uniqueIndex('transfers_entry').on(table.entryId),
    check('transfers_amount', sql`${table.amountMinor} between 1 and 1000000000000000`),
    check('transfers_status', sql`${table.status} in ('done','reversed')`),
    check('transfers_distinct_funds', sql`${table.fromFundId} <> ${table.toFundId}`),
  ],
);

/**
 * Where a fund's spendable money (cash and bank, per currency) came from: a gift, the pieces of a
 * transfer in (each naming the source it came from in the sending fund), or anything else that brought
 * money in (an opening balance, the proceeds of a currency sale): `kind = 'other'`.
 * `allocated_minor` is maintained with the allocations; a source undone by a reversal keeps its row.
 */
export const allocationSources = sqliteTable(
  'allocation_sources',
  {
    id: text('id').primaryKey(),
    fundId: text('fund_id').notNull(),
    currency: text('currency').notNull(),
    kind: text('kind').notNull(),
    donationId: text('donation_id'),
    transferId: text('transfer_id'),
    originSourceId: text('origin_source_id'),
    entryId: text('entry_id').notNull(),
    label: text('label').notNull(),
    earmarked: integer('earmarked').notNull(),
    earmarkCategory: text('earmark_category'),
    earmarkProjectId: text('earmark_project_id'),
    earmarkBeneficiaryId: text('earmark_beneficiary_id'),
    receivedOn: text('received_on').notNull(),
    entrySeq: integer('entry_seq').notNull(),
    piece: integer('piece').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    allocatedMinor: integer('allocated_minor').notNull(),
    removedByEntryId: text('removed_by_entry_id'),
  },
  (table) => [
    // First in, first out: the open sources of a pool in the order they are consumed.
    index('allocation_sources_open')
      .on(table.fundId, table.currency, table.earmarked, table.receivedOn, table.entrySeq, table.piece)
      .where(sql`${table.allocatedMinor} < ${table.amountMinor} and ${table.removedByEntryId} is null`),
    // Sparse columns get partial indexes: most rows (other money, unrestricted uses) carry none.
    index('allocation_sources_donation').on(table.donationId).where(sql`${table.donationId} is not null`),
    index('allocation_sources_entry').on(table.entryId),
    index('allocation_sources_origin')
      .on(table.originSourceId)
      .where(sql`${table.originSourceId} is not null`),
    check('allocation_sources_kind', sql`${table.kind} in ('donation','transfer','other')`),
    // A pool's net change in one entry may add several postings: bounded by an account's total limit.
    check('allocation_sources_amount', sql`${table.amountMinor} between 1 and 9007199254740991`),
    check(
      'allocation_sources_within',
      sql`${table.allocatedMinor} >= 0 and ${table.allocatedMinor} <= ${table.amountMinor}`,
    ),
    check(
      'allocation_sources_removed_empty',
      sql`${table.removedByEntryId} is null or ${table.allocatedMinor} = 0`,
    ),
  ],
);

/**
 * Which source paid how much of which use: a disbursement, a transfer out, or another outflow (`other`,
 * an entry that took money out). A released allocation (its use reversed, or its source undone and the
 * amount re-allocated) keeps its row with `released_by_entry_id` set.
 */
export const allocations = sqliteTable(
  'allocations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: text('source_id').notNull(),
    fundId: text('fund_id').notNull(),
    currency: text('currency').notNull(),
    useKind: text('use_kind').notNull(),
    disbursementId: text('disbursement_id'),
    transferId: text('transfer_id'),
    entryId: text('entry_id').notNull(),
    useCategory: text('use_category'),
    useProjectId: text('use_project_id'),
    useBeneficiaryId: text('use_beneficiary_id'),
    amountMinor: integer('amount_minor').notNull(),
    createdByEntryId: text('created_by_entry_id').notNull(),
    releasedByEntryId: text('released_by_entry_id'),
  },
  (table) => [
    index('allocations_source').on(table.sourceId, table.id),
    index('allocations_disbursement')
      .on(table.disbursementId)
      .where(sql`${table.disbursementId} is not null`),
    index('allocations_transfer').on(table.transferId).where(sql`${table.transferId} is not null`),
    index('allocations_entry').on(table.entryId),
    check('allocations_use_kind', sql`${table.useKind} in ('disbursement','transfer','other')`),
    check('allocations_amount', sql`${table.amountMinor} between 1 and 9007199254740991`),
  ],
);

// — the auditor's toolkit (issue 7) —

/** Khóa sổ: no entry of the fund may be dated on or before `period_end` while the close stands. */
export const periodCloses = sqliteTable(
  'period_closes',
  {
    id: text('id').primaryKey(),
    fundId: text('fund_id')
      .notNull()
      .references(() => funds.id),
    periodEnd: text('period_end').notNull(),
    kind: text('kind').notNull(),
    closedBy: text('closed_by').notNull(),
    closedAtMs: integer('closed_at_ms').notNull(),
    /** The year-end entry that closed revenue and expense into the fund balance, if any. */
    closingEntryId: text('closing_entry_id'),
    reopenedBy: text('reopened_by'),
    reopenedAtMs: integer('reopened_at_ms'),
    reopenReason: text('reopen_reason'),
  },
  (table) => [
    index('period_closes_fund').on(table.fundId, table.periodEnd),
    check('period_closes_kind', sql`${table.kind} in ('month','year','other')`),
  ],
);

/** One imported bank statement file (sao kê) of a fund's bank account. */
export const bankStatementImports = sqliteTable(
  'bank_statement_imports',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    format: text('format').notNull(),
    fileName: text('file_name'),
    fileSha256: text('file_sha256').notNull(),
    importedBy: text('imported_by').notNull(),
    importedAtMs: integer('imported_at_ms').notNull(),
    linesRead: integer('lines_read').notNull(),
    linesNew: integer('lines_new').notNull(),
    linesDuplicate: integer('lines_duplicate').notNull(),
    periodFrom: text('period_from'),
    periodTo: text('period_to'),
  },
  (table) => [index('bank_statement_imports_account').on(table.accountId, table.importedAtMs)],
);

/**
 * A bank statement line, once per account whatever how many files carried it (`fingerprint`), and what
 * it was matched to: a donation, a disbursement, a transfer or another journal entry.
 */
export const bankStatementLines = sqliteTable(
  'bank_statement_lines',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    importId: text('import_id').notNull(),
    lineNo: integer('line_no').notNull(),
    date: text('date').notNull(),
    reference: text('reference'),
    debitMinor: integer('debit_minor').notNull(),
    creditMinor: integer('credit_minor').notNull(),
    balanceMinor: integer('balance_minor'),
    description: text('description').notNull(),
    counterparty: text('counterparty'),
    fingerprint: text('fingerprint').notNull(),
    status: text('status').notNull(),
    matchKind: text('match_kind'),
    matchId: text('match_id'),
    matchRule: text('match_rule'),
    /** Name similarity of a suggestion, in thousandths. */
    matchScorePerMille: integer('match_score_per_mille'),
    matchedBy: text('matched_by'),
    matchedAtMs: integer('matched_at_ms'),
    /** Why staff set the line aside (`ignored`). */
    note: text('note'),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    uniqueIndex('bank_statement_lines_fingerprint').on(table.accountId, table.fingerprint),
    index('bank_statement_lines_status').on(table.accountId, table.status, table.date),
    index('bank_statement_lines_match').on(table.matchId),
    check(
      'bank_statement_lines_status',
      sql`${table.status} in ('unmatched','suggested','matched','ignored')`,
    ),
    check(
      'bank_statement_lines_match_kind',
      sql`${table.matchKind} is null or ${table.matchKind} in ('donation','disbursement','transfer','entry')`,
    ),
    check(
      'bank_statement_lines_one_side',
      sql`${table.debitMinor} >= 0 and ${table.creditMinor} >= 0 and (${table.debitMinor} = 0 or ${table.creditMinor} = 0)`,
    ),
  ],
);

// — the public site (issue 6) —

/**
 * A disclosure notice (Nghị định 93/2021, art. 14) a unit has published: the totals a campaign received
 * (due 15 days after its receiving window ends) or distributed (due 30 days after its distribution
 * deadline), as the ledger gave them on the day of publication. One of each kind per campaign; the
 * public site shows the live totals beside it, and as overdue a notice not published by its due date.
 */
export const disclosureNotices = sqliteTable(
  'disclosure_notices',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    kind: text('kind').notNull(),
    periodEnd: text('period_end').notNull(),
    dueOn: text('due_on').notNull(),
    publishedOn: text('published_on').notNull(),
    /** JSON: `[{currency, amount, count}]` as published. */
    totals: text('totals').notNull(),
    publishedBy: text('published_by').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (table) => [
    uniqueIndex('disclosure_notices_campaign_kind').on(table.campaignId, table.kind),
    check('disclosure_notices_kind', sql`${table.kind} in ('received','distributed')`),
  ],
);
