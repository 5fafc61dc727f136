// The unit a class chart's axis reads in: a class's epoch times run to minutes, so milliseconds
// from one second on are drawn as seconds (as the table below it writes them), and accuracy (a
// fraction in the reports) as a percentage.
import { FIGURE_INFO, type ClassFigure } from '../state/class-lab.ts';

export interface AxisScale {
  /** Multiplies a report's value into the axis's unit. */
  factor: number;
  /** The axis's unit ("" for none). */
  unit: string;
}

/** Milliseconds at or past this are shown in seconds, where formatMs starts writing seconds. */
const SECONDS_FROM_MS = 1_000;

export function classAxisScale(figure: ClassFigure, values: readonly number[]): AxisScale {
  const unit = FIGURE_INFO[figure].unit;
  const finite = values.filter(Number.isFinite);
  if (figure === 'testAcc') return { factor: 100, unit: '%' };
  if (unit === 'ms' && finite.length > 0 && Math.max(...finite) >= SECONDS_FROM_MS) return { factor: 1 / 1000, unit: 's' };
  return { factor: 1, unit };
}
