/**
 * Đối tượng thụ hưởng: a household (hộ) or a person who receives support. The national ID, phone, exact
 * address, ethnicity and health notes are private (Nghị định 13/2023: ethnicity and health are sensitive);
 * any public surface shows only the public alias, e.g. "Hộ L.V.Q., bản Huổi Én".
 */
export const BENEFICIARY_KINDS = ['household', 'person'] as const;
export type BeneficiaryKind = (typeof BENEFICIARY_KINDS)[number];

/** Hộ nghèo, hộ cận nghèo, gia đình chính sách, hoàn cảnh đặc biệt khó khăn, or another reason. */
export const POVERTY_STATUSES = ['poor', 'near_poor', 'policy_family', 'special_hardship', 'other'] as const;
export type PovertyStatus = (typeof POVERTY_STATUSES)[number];

/** The fields only staff in scope and auditors may read; every read of them is audited. */
export const BENEFICIARY_PRIVATE_FIELDS = ['nationalId', 'phone', 'address', 'ethnicity', 'notes'] as const;
export type BeneficiaryPrivateField = (typeof BENEFICIARY_PRIVATE_FIELDS)[number];
export type BeneficiaryPrivateDetails = Record<BeneficiaryPrivateField, string | null>;

/**
 * The first letter of each word, upper-case, each followed by a dot: "Lò Văn Quang" → "L.V.Q.". Letters
 * keep their accents ("Đỗ Đức Độ" → "Đ.Đ.Đ."); tokens without a letter (a dash, a number) are skipped.
 */
export function initialsOf(name: string): string {
  return name
    .normalize('NFC')
    .split(/\s+/)
    .flatMap((word) => {
      const letter = [...word].find((char) => /\p{L}/u.test(char));
      return letter ? [`${letter.toLocaleUpperCase('vi')}.`] : [];
    })
    .join('');
}

/**
 * The name public pages show. Whether a household is "Hộ ông" or "Hộ bà" is not recorded, so a household
 * is "Hộ " and the initials; a person is the initials alone. The village follows as it was written.
 */
export function publicAliasOf(kind: BeneficiaryKind, name: string, village: string): string {
  const initials = initialsOf(name) || '?';
  const who = kind === 'household' ? `Hộ ${initials}` : initials;
  return `${who}, ${village.trim()}`;
}
