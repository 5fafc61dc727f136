// The view counts test-time augmentation offers, without TF.js: the page's controllers and forms check them too.

/** The view counts the app offers; k = 1 is the plain model. */
export const TTA_VIEW_COUNTS = [1, 2, 4, 8] as const;
export type TtaViews = (typeof TTA_VIEW_COUNTS)[number];

/** Share of each side a crop drops (56 of 64 pixels kept), resized back to the model's input. */
export const TTA_CROP_MARGIN = 0.125;

/** Queries per view count in a row before the next one's turn in the interleaved measurement (as the pruning sweep's). */
export const TTA_BLOCK_SIZE = 16;

/** The views in the order a query takes them: the first k answer a k-view query (src/serve/tta.ts builds them). */
export const TTA_VIEW_NAMES = ['original', 'mirror', 'centre crop', 'mirrored centre crop', 'top-left crop', 'top-right crop', 'bottom-left crop', 'bottom-right crop'] as const;

/** "original + mirror + centre crop + mirrored centre crop" for k = 4. */
export function ttaViewsText(k: number): string {
  return TTA_VIEW_NAMES.slice(0, Math.max(0, k)).join(' + ');
}

export function isTtaViews(k: unknown): k is TtaViews {
  return (TTA_VIEW_COUNTS as readonly unknown[]).includes(k);
}

/** Why `k` is not a view count, or null when it is one. */
export function ttaViewsProblem(k: unknown): string | null {
  return isTtaViews(k) ? null : `Test-time augmentation takes ${TTA_VIEW_COUNTS.join(', ')} views, got ${JSON.stringify(k)}.`;
}
