// How a place's completion status reads on the register screens (the status itself is decided in the core).
import { PLACE_STATUS_LABELS, type AttendanceFigures } from '../../src-main/contract/registers';

export function placeStatusText(f: Pick<AttendanceFigures, 'held' | 'completed' | 'placeStatus'>): string {
  if (f.placeStatus === 'continuing') return f.held === 0 ? 'Not started' : f.completed ? 'Continuing, on track to complete' : 'Continuing, below the threshold';
  return PLACE_STATUS_LABELS[f.placeStatus];
}
