// Kysely table types for registers (migration 0003).
import type { Generated } from 'kysely';

export type AttendanceMark = 'present' | 'late' | 'absent' | 'apologies';

export interface RegisterTables {
  attendance: {
    id: Generated<number>;
    session_id: number;
    student_id: number;
    mark: AttendanceMark;
    note: string | null;
    drop_in: Generated<number>;
    marked_by: number;
    marked_at: string;
  };
  session_delivery: { session_id: number; facilitator_id: number; recorded_by: number; recorded_at: string };
  follow_up_contacts: {
    id: Generated<number>;
    student_id: number;
    course_run_id: number;
    contacted_on: string;
    contacted_by: number;
    outcome: string;
    created_at: string;
  };
}
