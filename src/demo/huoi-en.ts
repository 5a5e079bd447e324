import { recordBeneficiary } from '../capabilities/beneficiaries.ts';
import type { WriteContext } from '../capabilities/context.ts';
import { systemContext } from '../capabilities/context.ts';
import { approveDisbursement, payDisbursement } from '../capabilities/disbursement-steps.ts';
import { type DraftDisbursementInput, draftDisbursement } from '../capabilities/disbursements.ts';
import { type RecordDonationInput, recordDonation } from '../capabilities/donations.ts';
import type { WriteOutcome } from '../capabilities/idempotency.ts';
import { addEvidence } from '../capabilities/project-evidence.ts';
import { recordHandover } from '../capabilities/project-handover.ts';
import { changeProjectStatus } from '../capabilities/project-status.ts';
import { createProject } from '../capabilities/projects.ts';
import { recordTransfer } from '../capabilities/transfers.ts';
import type { FundView, UnitView } from '../capabilities/views.ts';
import type { Actor } from '../domain/access.ts';
import { assert } from '../domain/errors.ts';
import type { DemoDeps } from './lai-chau.ts';
import type { DemoRole } from './users.ts';

/**
 * The seed article's story, traceable end to end. Lai Châu's fund receives gifts (a company, a payroll
 * list, an anonymous cash gift, Bắc Ninh's committee earmarking money for houses in Mường So); it pays
 * Tết gifts and a scholarship programme; it transfers the house money to xã Mường So, which builds the
 * nhà Đại đoàn kết of a poor household in bản Huổi Én — co-funded by Bắc Ninh, the fund and the family —
 * and hands it over. Names of beneficiaries are fictional; their private fields are there on purpose
 * (the public pages must never show them).
 */
export interface StoryPlaces {
  province: UnitView;
  muongSo: UnitView;
  poorFund: FundView;
  communeFund: FundView;
  users: Record<DemoRole, Actor>;
}

function value<T>(outcome: WriteOutcome<T>): T {
  assert(!outcome.replayed, 'demo writes carry no idempotency key');
  return outcome.value;
}

function as(actor: Actor, action: string): WriteContext {
  return { actor, requestId: null, ip: null, action, idempotency: null };
}

/** Records the story; returns how many donations it recorded. */
export async function seedHuoiEnStory(deps: DemoDeps, places: StoryPlaces): Promise<number> {
  const { poorFund, communeFund, users } = places;
  let donations = 0;
  const donate = async (input: Omit<RecordDonationInput, 'currency'>) => {
    donations += 1;
    return value(
      await recordDonation(deps, systemContext('donations.create'), { currency: 'VND', ...input }),
    );
  };
  /** Drafted by one person, approved by another (the four-eyes rule), then paid. */
  const disburse = async (
    drafter: Actor,
    input: DraftDisbursementInput,
    decisionNo: string,
    decisionDate: string,
    paidOn: string,
  ) => {
    const draft = value(await draftDisbursement(deps, as(drafter, 'disbursements.create'), input));
    value(
      await approveDisbursement(deps, as(users.approver, 'disbursements.approve'), {
        disbursementId: draft.id,
        decisionNo,
        decisionDate,
      }),
    );
    return value(
      await payDisbursement(deps, as(drafter, 'disbursements.pay'), { disbursementId: draft.id, paidOn }),
    );
  };

  await donate({
    fundId: poorFund.id,
    amount: 500_000_000n,
    receivedOn: '2024-01-15',
    channel: 'bank_transfer',
    donor: {
      kind: 'organisation',
      name: 'Công ty Điện lực Lai Châu',
      contact: 'phòng Tổng hợp, 0213 387 6001',
    },
    disclosure: 'public',
    bankRef: 'FT24015000000011',
    memo: 'Dien luc Lai Chau ung ho Quy Vi nguoi ngheo',
  });
  await donate({
    fundId: poorFund.id,
    amount: 186_400_000n,
    receivedOn: '2024-02-02',
    channel: 'payroll',
    donor: {
      kind: 'organisation',
      name: 'Cán bộ, công chức khối cơ quan tỉnh Lai Châu (1.864 người, một ngày lương)',
    },
    disclosure: 'public',
  });
  await donate({
    fundId: poorFund.id,
    amount: 2_000_000n,
    receivedOn: '2024-02-05',
    channel: 'cash',
    donor: {
      kind: 'individual',
      name: 'Bà Lò Thị Xuân',
      address: 'tổ 5, phường Đoàn Kết',
      contact: '0975 222 131',
    },
    disclosure: 'anonymous',
  });
  const bacNinh = await donate({
    fundId: poorFund.id,
    amount: 70_000_000n,
    receivedOn: '2024-03-20',
    channel: 'bank_transfer',
    donor: { kind: 'organisation', name: 'Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh' },
    disclosure: 'public',
    bankRef: 'FT24080000000012',
    earmark: { category: 'new_house' },
    memo: 'Ho tro xay dung 2 nha Dai doan ket tai xa Muong So',
  });

  await disburse(
    users.admin,
    {
      fundId: poorFund.id,
      amount: 75_000_000n,
      category: 'tet_gifts',
      purpose: 'Tặng quà Tết Giáp Thìn cho 150 hộ nghèo (500.000 đồng/hộ)',
      date: '2024-02-01',
    },
    '08/QĐ-MTTQ',
    '2024-02-01',
    '2024-02-06',
  );

  // The province sends the house money to the commune: Bắc Ninh's earmarked gift travels with it.
  value(
    await recordTransfer(deps, as(users.admin, 'transfers.create'), {
      fromFundId: poorFund.id,
      toFundId: communeFund.id,
      amount: 120_000_000n,
      date: '2024-04-10',
      purpose: 'Phân bổ kinh phí xây nhà Đại đoàn kết về xã Mường So',
      earmark: { category: 'new_house' },
    }),
  );

  const household = value(
    await recordBeneficiary(deps, as(users.accountant, 'beneficiaries.create'), {
      unitId: places.muongSo.id,
      kind: 'household',
      name: 'Lò Văn Quang',
      village: 'bản Huổi Én',
      povertyStatus: 'poor',
      nationalId: '012078004512',
      phone: '0912 000 345',
      address: 'Nhà số 12, tổ 3, bản Huổi Én, xã Mường So',
      ethnicity: 'Dao',
      notes: 'Chủ hộ bị tai biến năm 2022, đi lại khó khăn',
    }),
  );
  const house = value(
    await createProject(deps, as(users.accountant, 'projects.create'), {
      unitId: places.muongSo.id,
      fundId: communeFund.id,
      kind: 'new_house',
      name: 'Nhà Đại đoàn kết hộ ông L.V.Q., bản Huổi Én',
      beneficiaryId: household.id,
      village: 'bản Huổi Én',
      budget: 100_000_000n,
      sponsors: [
        {
          kind: 'sponsor',
          name: 'Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh',
          amount: 35_000_000n,
          note: 'trao trực tiếp cho xã',
        },
        {
          kind: 'fund',
          fundId: poorFund.id,
          name: poorFund.name,
          amount: 65_000_000n,
          note: 'phân bổ về xã',
        },
        {
          kind: 'household',
          name: 'Gia đình ông L.V.Q.',
          amount: 15_000_000n,
          note: 'ngày công và vật liệu địa phương',
        },
      ],
    }),
  );
  await donate({
    fundId: communeFund.id,
    amount: 35_000_000n,
    receivedOn: '2024-04-02',
    channel: 'cash',
    donor: { kind: 'organisation', name: 'Ủy ban MTTQ Việt Nam tỉnh Bắc Ninh' },
    disclosure: 'public',
    earmark: { projectId: house.id },
    memo: 'Hỗ trợ xây nhà Đại đoàn kết bản Huổi Én',
  });
  const step = (status: 'approved' | 'under_construction', date: string, decisionNo: string | null) =>
    changeProjectStatus(deps, as(users.accountant, 'projects.status'), {
      projectId: house.id,
      status,
      date,
      decisionNo,
    });
  await step('approved', '2024-04-05', '15/QĐ-MTTQ');
  await step('under_construction', '2024-04-20', null);
  const tranche = (amount: bigint, purpose: string, decisionNo: string, date: string, paidOn: string) =>
    disburse(
      users.accountant,
      {
        fundId: communeFund.id,
        amount,
        category: 'new_house',
        projectId: house.id,
        beneficiaryId: household.id,
        purpose,
        date,
      },
      decisionNo,
      date,
      paidOn,
    );
  await tranche(
    60_000_000n,
    'Xây nhà Đại đoàn kết hộ ông L.V.Q. — đợt 1 (khởi công)',
    '16/QĐ-MTTQ',
    '2024-04-21',
    '2024-04-22',
  );
  await tranche(
    40_000_000n,
    'Xây nhà Đại đoàn kết hộ ông L.V.Q. — đợt 2 (hoàn thiện)',
    '21/QĐ-MTTQ',
    '2024-06-08',
    '2024-06-10',
  );
  value(
    await addEvidence(deps, as(users.accountant, 'projects.evidence'), {
      projectId: house.id,
      kind: 'decision',
      title: 'Quyết định hỗ trợ xây nhà Đại đoàn kết',
      documentNo: '15/QĐ-MTTQ',
      url: 'https://laichau.gov.vn/',
      isPublic: true,
    }),
  );
  value(
    await recordHandover(deps, as(users.accountant, 'projects.handover'), {
      projectId: house.id,
      date: '2024-06-15',
      place: 'bản Huổi Én, xã Mường So',
      handedOverBy: 'Lãnh đạo tỉnh Bắc Ninh và tỉnh Lai Châu',
      receivedBy: 'Ông L.V.Q., chủ hộ',
      minutesNo: 'BB-12/2024/MTTQ-MS',
    }),
  );
  await disburse(
    users.accountant,
    {
      fundId: communeFund.id,
      amount: 55_000_000n,
      category: 'new_house',
      purpose: 'Hỗ trợ xây dựng nhà Đại đoàn kết, bản Nậm Cáy',
      date: '2024-06-20',
    },
    '24/QĐ-MTTQ',
    '2024-06-21',
    '2024-06-25',
  );

  const scholarship = value(
    await createProject(deps, as(users.admin, 'projects.create'), {
      unitId: places.province.id,
      fundId: poorFund.id,
      kind: 'scholarship',
      name: 'Học bổng cho 40 học sinh nghèo vượt khó năm học 2024–2025',
      budget: 40_000_000n,
    }),
  );
  await disburse(
    users.admin,
    {
      fundId: poorFund.id,
      amount: 40_000_000n,
      category: 'scholarship',
      projectId: scholarship.id,
      purpose: 'Học bổng 1.000.000 đồng cho mỗi em, 40 em',
      date: '2024-08-28',
    },
    '52/QĐ-MTTQ',
    '2024-08-28',
    '2024-08-30',
  );
  assert(bacNinh.earmark?.category === 'new_house', 'the earmarked gift is recorded as such');
  return donations;
}
