// Every figure in a contract return, defined once: its label and a one-line plain-English description that also
// appears on the workbook's Definitions sheet. The SQL computing each figure (figures.ts) names the same key.
import type { FigureDefinition } from '../../contract/returns';
import type { AttendanceMark } from '../registers/tables';

/** Bump when any definition below changes meaning, so old and new returns are never compared unawares. */
export const DEFINITIONS_VERSION = 2;

/** A student attended a session when marked present or late. */
export const ATTENDED_MARKS: readonly AttendanceMark[] = ['present', 'late'];
/** A did-not-attend: marked absent without apologies. */
export const DNA_MARK: AttendanceMark = 'absent';

const d = <K extends string>(defs: Record<K, Omit<FigureDefinition, 'key'>>): Record<K, FigureDefinition> =>
  Object.fromEntries(Object.entries(defs).map(([key, v]) => [key, { key, ...(v as object) }])) as Record<K, FigureDefinition>;

export const DEFINITIONS = d({
  // activity
  uniqueStudents: { label: 'Students attending', description: 'Different students marked present or late at one or more sessions held in the period.' },
  newStudents: { label: 'New students', description: 'Students attending in the period whose first ever present-or-late mark was in the period.' },
  enrolments: { label: 'Enrolments', description: 'Places taken on course runs (enrolment date in the period), including places later withdrawn; waiting-list entries excluded.' },
  courseRunsDelivered: { label: 'Course runs delivered', description: 'Course runs with at least one session held (not cancelled) in the period.' },
  sessionsDelivered: { label: 'Sessions delivered', description: 'Sessions dated in the period and not cancelled. A course run cancelled part-way keeps the sessions it held; only its sessions still to come are cancelled.' },
  attendances: { label: 'Attendances', description: 'Present or late marks at sessions held in the period (one per student per session).' },
  attendanceRate: { label: 'Attendance rate (%)', description: 'Attendances as a percentage of all register marks (present, late, absent, apologies) at sessions held in the period; rests on the students marked.' },
  cancellations: { label: 'Sessions cancelled', description: 'Sessions dated in the period that were cancelled.' },
  didNotAttend: { label: 'Did not attend', description: 'Marks of absent without apologies at sessions held in the period.' },
  // completion
  completionPlaces: {
    label: 'Places on course runs that ended',
    description:
      'Places on course runs that had ended by the end of the period (no sessions still to come, including runs cancelled part-way) with their last held session in it: completed, not completed and withdrawn places. Left out: waiting-list entries, places on an agreed break when the run ended, and one-off drop-ins (a place that began as a drop-in with only one attendance, counted as an attendance, not a course place).',
  },
  completionCompleted: {
    label: 'Places completed',
    description:
      'Of those places, students not withdrawn who attended (present or late) at least the completion threshold (a setting, see Parameters) of the sessions held while they had a place: attended × 100 ≥ threshold × held. Held sessions count from the day they enrolled (from the next session when they came off the waiting list after that day’s session had started) to the day they withdrew, leaving out sessions during an agreed break; a session they attended always counts. A withdrawn place is never completed.',
  },
  completionRate: { label: 'Completion rate (%)', description: 'Places completed as a percentage of places on course runs that ended in the period.' },
  // demographics (over the students attending)
  ageBand: { label: 'Students by age band', description: 'Students attending in the period, by whole years of age on the last day of the period.' },
  genderIdentity: { label: 'Students by gender identity', description: 'Students attending in the period, by NHS Data Dictionary gender identity code.' },
  ethnicGroup: { label: 'Students by ethnic group', description: 'Students attending in the period, by NHS Data Dictionary ethnic category grouped: White A–C, Mixed D–G, Asian H–L, Black M–P, Other R–S, Not stated Z, Not known 99.' },
  referralSource: { label: 'Students by referral source', description: 'Students attending in the period, by how they came to the college as recorded at enrolment.' },
  secondaryMh: { label: 'Students under secondary mental-health services', description: 'Students attending in the period, by whether they are under secondary mental-health services as recorded.' },
  // outcomes
  paired: { label: 'Students with paired scores', description: 'Students with a complete end-of-course questionnaire dated in the period and a complete baseline on the same scale dated on or before it (earliest baseline, latest end).' },
  meanChange: { label: 'Mean change in score', description: 'Mean of (end score − baseline score) over paired students; SWEMWBS in metric points (published conversion table), WEMWBS in raw points.' },
  meaningfulImprovement: { label: 'Meaningful improvement (%)', description: 'Paired students whose score rose by at least the meaningful-change threshold (a setting, see Parameters), as a percentage of paired students.' },
  missingFollowUp: { label: 'Missing end-of-course questionnaire', description: 'Students with a complete baseline enrolled on a course run whose last held session was in the period, with no complete end-of-course questionnaire for that run.' },
  incompleteExcluded: { label: 'Incomplete questionnaires (excluded)', description: 'Questionnaires dated in the period with at least one unanswered item; stored but never scored or guessed.' },
  // satisfaction (anonymous forms)
  satisfactionResponses: { label: 'Satisfaction forms', description: 'Anonymous course satisfaction forms received in the period.' },
  satisfactionMean: { label: 'Mean overall rating (1–5)', description: 'Mean of the overall rating (1–5) on forms received in the period that gave one.' },
  satisfactionGood: { label: 'Rated 4 or 5 (%)', description: 'Forms rating the course 4 or 5 as a percentage of forms giving a rating.' },
  satisfactionRecommend: { label: 'Would recommend (%)', description: 'Forms saying they would recommend the course as a percentage of forms answering that question.' },
  // destinations
  destination: { label: 'Students by destination', description: 'Different students with a destination of that kind dated in the period (a student may appear under more than one kind).' },
  // co-production
  coSessionsHeld: { label: 'Sessions held', description: 'Sessions dated in the period and not cancelled (as for sessions delivered).' },
  coDelivered: { label: 'Sessions co-delivered', description: 'Sessions held with at least one peer trainer plus another trainer (staff or peer trainer), from the facilitators recorded as delivering it, or the run’s planned team if none were recorded.' },
  coDeliveredRate: { label: 'Co-delivered (%)', description: 'Sessions co-delivered as a percentage of sessions held; rests on sessions, not people.' },
  peerHours: { label: 'Peer facilitator hours', description: 'Sum over sessions held of the session’s length in hours times the number of peer trainers who delivered it.' },
});
export type DefinitionKey = keyof typeof DEFINITIONS;

/** NHS Data Dictionary ETHNIC CATEGORY codes grouped for reporting. */
export const ETHNIC_GROUPS: { label: string; codes: string[] }[] = [
  { label: 'White (A–C)', codes: ['A', 'B', 'C'] },
  { label: 'Mixed (D–G)', codes: ['D', 'E', 'F', 'G'] },
  { label: 'Asian or Asian British (H–L)', codes: ['H', 'J', 'K', 'L'] },
  { label: 'Black or Black British (M–P)', codes: ['M', 'N', 'P'] },
  { label: 'Other ethnic groups (R–S)', codes: ['R', 'S'] },
  { label: 'Not stated (Z)', codes: ['Z'] },
  { label: 'Not known (99)', codes: ['99'] },
];

/** Age bands in whole years; `max` null means no upper limit. */
export const AGE_BANDS: { label: string; min: number; max: number | null }[] = [
  { label: 'Under 18', min: 0, max: 17 },
  { label: '18–24', min: 18, max: 24 },
  { label: '25–34', min: 25, max: 34 },
  { label: '35–44', min: 35, max: 44 },
  { label: '45–54', min: 45, max: 54 },
  { label: '55–64', min: 55, max: 64 },
  { label: '65 and over', min: 65, max: null },
];

export const DESTINATION_ROWS: { label: string; kind: string; withCollege?: boolean }[] = [
  { label: 'Started paid work', kind: 'paid_work_started' },
  { label: 'Kept paid work', kind: 'paid_work_kept' },
  { label: 'Started education or training', kind: 'education_started' },
  { label: 'Started volunteering (anywhere)', kind: 'volunteering_started' },
  { label: 'Started volunteering with the college', kind: 'volunteering_started', withCollege: true },
];
