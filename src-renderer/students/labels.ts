// How each student field is named on screen (forms, record history): declared once in the contract, so exports say the same.
export { fieldLabel, STUDENT_FIELD_LABELS } from '../../src-main/contract/students';
