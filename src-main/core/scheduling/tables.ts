// Kysely table types for the timetable (migration 0002; enrolment statuses and breaks from 0009).
import type { Generated } from 'kysely';
import type { WithdrawReasonCode } from '../../contract/scheduling';

export interface SchedulingTables {
  courses: {
    id: Generated<number>;
    title: string;
    description: string | null;
    category: string | null;
    sessions_count: number;
    default_session_minutes: number;
    default_capacity: number;
    co_produced: Generated<number>;
    peer_training: Generated<number>;
    retired_at: string | null;
    created_at: string;
    updated_at: string;
  };
  terms: { id: Generated<number>; name: string; starts_on: string; ends_on: string; created_at: string };
  closures: { id: Generated<number>; term_id: number | null; starts_on: string; ends_on: string; description: string };
  bank_holidays: { date: string; name: string };
  venues: { id: Generated<number>; name: string; address: string | null; accessibility_notes: string | null; active: Generated<number> };
  rooms: {
    id: Generated<number>;
    venue_id: number;
    name: string;
    capacity: number;
    accessibility_notes: string | null;
    active: Generated<number>;
  };
  facilitators: {
    id: Generated<number>;
    first_name: string;
    surname: string;
    kind: 'staff' | 'peer_trainer' | 'volunteer';
    email: string | null;
    phone: string | null;
    student_id: number | null;
    active: Generated<number>;
    notes: string | null;
    created_at: string;
  };
  course_runs: {
    id: Generated<number>;
    course_id: number;
    term_id: number;
    venue_id: number;
    room_id: number | null;
    capacity: number;
    notes: string | null;
    cancelled_at: string | null;
    created_at: string;
    updated_at: string;
  };
  course_run_facilitators: { course_run_id: number; facilitator_id: number; role: 'lead' | 'co' };
  sessions: {
    id: Generated<number>;
    course_run_id: number;
    room_id: number | null;
    date: string;
    start_time: string;
    end_time: string;
    starts_at: string;
    ends_at: string;
    status: Generated<'scheduled' | 'cancelled'>;
    cancel_reason: string | null;
    created_at: string;
    updated_at: string;
  };
  enrolments: {
    id: Generated<number>;
    course_run_id: number;
    student_id: number;
    status: 'enrolled' | 'waiting' | 'withdrawn';
    enrolled_on: string | null;
    waiting_since: string | null;
    promoted_at: string | null;
    withdrawn_on: string | null;
    withdraw_reason: string | null;
    /** Migration 0009: how the place began; a one-off drop-in is an attendance, not a course place. */
    joined_by: Generated<'enrolment' | 'waiting_list' | 'drop_in'>;
    withdraw_reason_code: WithdrawReasonCode | null;
    created_at: string;
    updated_at: string;
  };
  /** Migration 0009: agreed breaks in a place (ILR "break in learning"). */
  enrolment_breaks: {
    id: Generated<number>;
    enrolment_id: number;
    starts_on: string;
    resumed_on: string | null;
    reason: string;
    recorded_by: number;
    recorded_at: string;
  };
}
