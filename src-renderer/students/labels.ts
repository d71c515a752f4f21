// How each student field is named on screen (forms, record history).
import type { StudentFieldsInput } from '../../src-main/contract/students';

export const STUDENT_FIELD_LABELS: Record<keyof StudentFieldsInput | 'archivedAt' | 'archivedReason' | 'dataSharingConsent', string> = {
  firstName: 'First name',
  surname: 'Surname',
  preferredName: 'Preferred name',
  pronouns: 'Pronouns',
  dateOfBirth: 'Date of birth',
  email: 'Email',
  phone: 'Phone',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  town: 'Town',
  postcode: 'Postcode',
  emergencyContactName: 'Emergency contact name',
  emergencyContactPhone: 'Emergency contact phone',
  emergencyContactRelationship: 'Emergency contact relationship',
  supportNeeds: 'Support and access needs',
  referralSource: 'How they came to the college',
  referralOther: 'Referral details',
  secondaryMhServices: 'Under secondary mental-health services',
  ethnicCategory: 'Ethnic category',
  genderIdentity: 'Gender identity',
  employmentStatus: 'Employment status',
  nhsNumber: 'NHS number',
  archivedAt: 'Archived',
  archivedReason: 'Reason for archiving',
  dataSharingConsent: 'Data-sharing consent',
};

export function fieldLabel(field: string): string {
  return (STUDENT_FIELD_LABELS as Record<string, string>)[field] ?? field;
}
