/**
 * Banks that take NAPAS 24/7 transfers, by the 6-digit BIN that VietQR puts in field 38/01/00.
 * Shipped as data and pinned by tests: several public lists carry wrong BINs, and a wrong BIN sends a donor's
 * money to a different bank. Banks renamed or restructured recently (OceanBank, CBBank, GPBank, DongA Bank)
 * are left out until their current names are confirmed; add a bank only with its BIN checked against NAPAS.
 */
export interface Bank {
  bin: string;
  shortName: string;
  /** Legal name in Vietnamese, as shown to accountants and donors. */
  fullName: string;
}

export const BANKS: readonly Bank[] = [
  { bin: '970436', shortName: 'Vietcombank', fullName: 'Ngân hàng TMCP Ngoại thương Việt Nam' },
  { bin: '970415', shortName: 'VietinBank', fullName: 'Ngân hàng TMCP Công thương Việt Nam' },
  { bin: '970418', shortName: 'BIDV', fullName: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam' },
  {
    bin: '970405',
    shortName: 'Agribank',
    fullName: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam',
  },
  { bin: '970422', shortName: 'MB', fullName: 'Ngân hàng TMCP Quân đội' },
  { bin: '970407', shortName: 'Techcombank', fullName: 'Ngân hàng TMCP Kỹ thương Việt Nam' },
  { bin: '970416', shortName: 'ACB', fullName: 'Ngân hàng TMCP Á Châu' },
  { bin: '970403', shortName: 'Sacombank', fullName: 'Ngân hàng TMCP Sài Gòn Thương Tín' },
  { bin: '970432', shortName: 'VPBank', fullName: 'Ngân hàng TMCP Việt Nam Thịnh Vượng' },
  { bin: '970423', shortName: 'TPBank', fullName: 'Ngân hàng TMCP Tiên Phong' },
  { bin: '970437', shortName: 'HDBank', fullName: 'Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh' },
  { bin: '970441', shortName: 'VIB', fullName: 'Ngân hàng TMCP Quốc tế Việt Nam' },
  { bin: '970443', shortName: 'SHB', fullName: 'Ngân hàng TMCP Sài Gòn – Hà Nội' },
  { bin: '970431', shortName: 'Eximbank', fullName: 'Ngân hàng TMCP Xuất Nhập khẩu Việt Nam' },
  { bin: '970426', shortName: 'MSB', fullName: 'Ngân hàng TMCP Hàng Hải Việt Nam' },
  { bin: '970448', shortName: 'OCB', fullName: 'Ngân hàng TMCP Phương Đông' },
  { bin: '970440', shortName: 'SeABank', fullName: 'Ngân hàng TMCP Đông Nam Á' },
  { bin: '970449', shortName: 'LPBank', fullName: 'Ngân hàng TMCP Lộc Phát Việt Nam' },
  { bin: '970419', shortName: 'NCB', fullName: 'Ngân hàng TMCP Quốc Dân' },
  { bin: '970425', shortName: 'ABBANK', fullName: 'Ngân hàng TMCP An Bình' },
  { bin: '970428', shortName: 'Nam A Bank', fullName: 'Ngân hàng TMCP Nam Á' },
  { bin: '970409', shortName: 'BAC A BANK', fullName: 'Ngân hàng TMCP Bắc Á' },
  { bin: '970412', shortName: 'PVcomBank', fullName: 'Ngân hàng TMCP Đại Chúng Việt Nam' },
  { bin: '970452', shortName: 'KienlongBank', fullName: 'Ngân hàng TMCP Kiên Long' },
  { bin: '970400', shortName: 'SAIGONBANK', fullName: 'Ngân hàng TMCP Sài Gòn Công Thương' },
  { bin: '970427', shortName: 'VietABank', fullName: 'Ngân hàng TMCP Việt Á' },
  { bin: '970433', shortName: 'Vietbank', fullName: 'Ngân hàng TMCP Việt Nam Thương Tín' },
  { bin: '970438', shortName: 'BAOVIET Bank', fullName: 'Ngân hàng TMCP Bảo Việt' },
  { bin: '970430', shortName: 'PGBank', fullName: 'Ngân hàng TMCP Thịnh vượng và Phát triển' },
  { bin: '970429', shortName: 'SCB', fullName: 'Ngân hàng TMCP Sài Gòn' },
  { bin: '970454', shortName: 'BVBank', fullName: 'Ngân hàng TMCP Bản Việt' },
  { bin: '970421', shortName: 'VRB', fullName: 'Ngân hàng Liên doanh Việt – Nga' },
  { bin: '970434', shortName: 'Indovina Bank', fullName: 'Ngân hàng TNHH Indovina' },
  { bin: '970424', shortName: 'Shinhan Bank', fullName: 'Ngân hàng TNHH MTV Shinhan Việt Nam' },
  { bin: '970457', shortName: 'Woori Bank', fullName: 'Ngân hàng TNHH MTV Woori Việt Nam' },
  { bin: '970458', shortName: 'UOB', fullName: 'Ngân hàng TNHH MTV United Overseas Bank (Việt Nam)' },
  { bin: '970439', shortName: 'Public Bank', fullName: 'Ngân hàng TNHH MTV Public Việt Nam' },
];

const BANKS_BY_BIN: ReadonlyMap<string, Bank> = new Map(BANKS.map((bank) => [bank.bin, bank]));

export function bankByBin(bin: string): Bank | null {
  return BANKS_BY_BIN.get(bin) ?? null;
}
