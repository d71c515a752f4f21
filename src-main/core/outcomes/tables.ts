// Kysely table types for outcomes and contract returns (migration 0005).
import type { Generated } from 'kysely';
import type { DestinationKind, QuestionnaireTimepoint, WellbeingScale } from '../../contract/outcomes';

type Item = number | null;

export interface QuestionnairesTable {
  id: Generated<number>;
  student_id: number;
  course_run_id: number | null;
  scale: WellbeingScale;
  timepoint: QuestionnaireTimepoint;
  completed_on: string;
  item_1: Item;
  item_2: Item;
  item_3: Item;
  item_4: Item;
  item_5: Item;
  item_6: Item;
  item_7: Item;
  item_8: Item;
  item_9: Item;
  item_10: Item;
  item_11: Item;
  item_12: Item;
  item_13: Item;
  item_14: Item;
  complete: number;
  raw_score: number | null;
  /** Reported score × 100: SWEMWBS metric score, WEMWBS raw total. Null when incomplete. */
  score_centi: number | null;
  entered_by: number;
  entered_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface OutcomeTables {
  questionnaires: QuestionnairesTable;
  destinations: {
    id: Generated<number>;
    student_id: number;
    kind: DestinationKind;
    with_college: Generated<number>;
    on_date: string;
    notes: string | null;
    entered_by: number;
    entered_at: string;
  };
  satisfaction_responses: {
    id: Generated<number>;
    course_run_id: number;
    received_on: string;
    rating: number | null;
    would_recommend: number | null;
    comment: string | null;
    entered_by: number;
    entered_at: string;
  };
  returns: {
    id: Generated<number>;
    period_kind: 'quarter' | 'financialYear' | 'custom';
    period_start: string;
    period_end: string;
    label: string;
    parameters: string;
    figures: string;
    figures_sha256: string;
    produced_by: number;
    produced_at: string;
  };
  return_files: {
    id: Generated<number>;
    return_id: number;
    name: string;
    mime_type: string;
    sha256: string;
    size: number;
    bytes: Buffer;
  };
  extract_runs: {
    id: Generated<number>;
    period_start: string;
    period_end: string;
    reason: string;
    student_count: number;
    sha256: string;
    run_by: number;
    run_at: string;
  };
}
