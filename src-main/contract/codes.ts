// NHS Data Dictionary code lists and the college's own lists, with the labels staff see.

export const ETHNIC_CATEGORIES = {
  A: 'White – British',
  B: 'White – Irish',
  C: 'White – Any other White background',
  D: 'Mixed – White and Black Caribbean',
  E: 'Mixed – White and Black African',
  F: 'Mixed – White and Asian',
  G: 'Mixed – Any other mixed background',
  H: 'Asian or Asian British – Indian',
  J: 'Asian or Asian British – Pakistani',
  K: 'Asian or Asian British – Bangladeshi',
  L: 'Asian or Asian British – Any other Asian background',
  M: 'Black or Black British – Caribbean',
  N: 'Black or Black British – African',
  P: 'Black or Black British – Any other Black background',
  R: 'Other ethnic groups – Chinese',
  S: 'Other ethnic groups – Any other ethnic group',
  Z: 'Not stated',
  '99': 'Not known',
} as const;
export type EthnicCategory = keyof typeof ETHNIC_CATEGORIES;

export const GENDER_IDENTITIES = {
  '1': 'Male (including trans man)',
  '2': 'Female (including trans woman)',
  '3': 'Non-binary',
  '4': 'Other (not listed)',
  Z: 'Not stated (asked but declined)',
  X: 'Not known (not recorded)',
} as const;
export type GenderIdentity = keyof typeof GENDER_IDENTITIES;

export const REFERRAL_SOURCES = {
  self: 'Self-referral',
  gp: 'GP',
  cmht: 'Community mental health team',
  voluntary: 'Voluntary sector organisation',
  other: 'Other',
} as const;
export type ReferralSource = keyof typeof REFERRAL_SOURCES;

export const SECONDARY_MH_SERVICES = {
  yes: 'Yes',
  no: 'No',
  unknown: 'Not known',
} as const;
export type SecondaryMhServices = keyof typeof SECONDARY_MH_SERVICES;

/** NHS Data Dictionary EMPLOYMENT STATUS. */
export const EMPLOYMENT_STATUSES = {
  '01': 'Employed',
  '02': 'Unemployed and actively seeking work',
  '03': 'Undergoing education, training or apprenticeship',
  '04': 'Long-term sick or disabled',
  '05': 'Looking after the family or home',
  '06': 'Not receiving benefits and not working or seeking work',
  '07': 'Unpaid voluntary work',
  '08': 'Retired',
  ZZ: 'Not stated',
} as const;
export type EmploymentStatus = keyof typeof EMPLOYMENT_STATUSES;

export function codeKeys<T extends Record<string, string>>(codes: T): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(codes) as [keyof T & string, ...(keyof T & string)[]];
}
