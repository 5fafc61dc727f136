// Where a chart writes each reference line's label ("chance (50%)", "day 0 (91.4%)"): above the
// line at its right end, unless a label already written there would overlap it; then below the
// line, then at the left end. Two lines close together (a model at chance on day 0) stay legible.

/** A label to place: its line's height on the canvas and the label's size, in px. */
export interface LabelToPlace {
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where a label goes: its box's left and top, in px. */
export interface PlacedLabel {
  readonly x: number;
  readonly top: number;
}

/** The plot area the labels stay in, in px. */
export interface PlotArea {
  readonly left: number;
  readonly right: number;
}

const GAP = 2;
const INSET = 4;

const overlaps = (a: PlacedLabel & LabelToPlace, b: PlacedLabel & LabelToPlace) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

/** Each label's place, in the order given; when every place overlaps an earlier label, the first. */
export function placeReferenceLabels(labels: readonly LabelToPlace[], area: PlotArea): PlacedLabel[] {
  const placed: (PlacedLabel & LabelToPlace)[] = [];
  return labels.map((l) => {
    const right = area.right - INSET - l.width;
    const left = area.left + INSET;
    const above = l.y - GAP - l.height;
    const below = l.y + GAP;
    const candidates = [{ x: right, top: above }, { x: right, top: below }, { x: left, top: above }, { x: left, top: below }];
    const free = candidates.find((c) => !placed.some((p) => overlaps({ ...l, ...c }, p))) ?? candidates[0]!;
    placed.push({ ...l, ...free });
    return free;
  });
}
