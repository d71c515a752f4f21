// The training database as the window sees it: the sizes offered, and how far the making of one has got.

/** The sizes offered when a training database is made (students): a small college, a large one, a very large one. */
export const TRAINING_SIZES = [200, 2000, 20000] as const;
export type TrainingSize = (typeof TRAINING_SIZES)[number];

/** What the training database is doing, for the screen that offers it. */
export interface DemoStatus {
  /** A finished training database is on disk: it opens at once, at the size it was made. */
  existing: { students: number } | null;
  /** A training database is being made right now. */
  making: DemoProgress | null;
}

export interface DemoProgress {
  /** The size asked for. */
  students: number;
  /** What is being made, in words for staff ("Taking past registers"). */
  stage: string;
  /** 0–100, for the whole making. */
  percent: number;
}
