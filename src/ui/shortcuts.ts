// The keyboard shortcuts of the shell (lecture mode's remote control): what each key does, and
// the one handler that ignores keys typed into fields.
import type { Lab } from '../state/lab.ts';
import type { ViewId } from '../state/lab-state.ts';
import type { Shortcut } from './tsl-shortcuts-overlay.ts';

export const SHORTCUTS: Shortcut[] = [
  { keys: ['s'], action: 'Start training with the current settings, or stop the run in progress' },
  { keys: ['p'], action: 'Pause or resume training' },
  { keys: ['n', '→'], action: 'Next view' },
  { keys: ['b', '←'], action: 'Previous view' },
  { keys: ['1', '…', '9'], action: 'Go to view 1 to 9 (Data … Class)' },
  { keys: ['l'], action: 'Lecture mode on or off' },
  { keys: ['c'], action: 'Lecture mode: show or hide the controls' },
  { keys: ['?'], action: 'This list' },
];

export interface ShortcutContext {
  lab: Lab;
  views: ViewId[];
  openOverlay(): void;
  toggleControls(): void;
  /** Shows a message (e.g. why training could not start). */
  notify(message: string): void;
}

/** True when the key was meant for a field, not for the page. */
function typing(e: KeyboardEvent): boolean {
  const target = e.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

export function handleShortcut(e: KeyboardEvent, ctx: ShortcutContext): void {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
  const { lab } = ctx;
  const state = lab.store.state;
  const step = (delta: number) => {
    const i = ctx.views.indexOf(state.view);
    lab.store.set({ view: ctx.views[(i + delta + ctx.views.length) % ctx.views.length]! });
  };
  const digit = Number.parseInt(e.key, 10);
  switch (e.key) {
    case 's':
      if (lab.busy) lab.stop();
      else lab.train().catch((err: unknown) => ctx.notify(`Training did not start: ${(err as Error).message}`));
      break;
    case 'p':
      if (state.training.phase === 'paused') lab.resume();
      else lab.pause();
      break;
    case 'n':
    case 'ArrowRight':
      step(1);
      break;
    case 'b':
    case 'ArrowLeft':
      step(-1);
      break;
    case 'l':
      lab.store.set({ lecture: !state.lecture });
      break;
    case 'c':
      if (!state.lecture) return;
      ctx.toggleControls();
      break;
    case '?':
      ctx.openOverlay();
      break;
    default:
      if (digit >= 1 && digit <= ctx.views.length) lab.store.set({ view: ctx.views[digit - 1]! });
      else return;
  }
  e.preventDefault();
}
