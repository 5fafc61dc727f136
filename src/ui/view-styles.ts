// The layout every view shares: settings and controls in a sticky left column, results on the
// right, one look for headings, notes and errors, and one for buttons (with a visible focus ring).
import { css } from 'lit';

export const viewLayoutStyles = css`
  /* Lecture mode (tsl-app) hides the settings column and widens the results through these two properties. */
  :host { display: grid; grid-template-columns: var(--tsl-view-columns, minmax(260px, 320px) 1fr); gap: 20px; align-items: start; }
  aside { display: var(--tsl-aside-display, flex); flex-direction: column; gap: 12px; position: sticky; top: 8px; }
  /* The results column. The page's one <main> is the shell's (tsl-app), so views do not use <main>. */
  .results { display: flex; flex-direction: column; gap: 18px; min-width: 0; }
  h2 { font-size: 1.05rem; margin: 0 0 6px; }
  .note { font-size: 0.8rem; color: #444; margin: 4px 0 0; }
  .error { color: #b00020; font-weight: 600; }
  .controls { display: flex; gap: 8px; flex-wrap: wrap; }
  button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; }
  button.primary { background: var(--tsl-accent, #0072b2); color: #fff; border-color: transparent; }
  button:disabled { opacity: 0.45; cursor: default; }
  button:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
  @media (max-width: 800px) { :host { grid-template-columns: 1fr; } aside { position: static; } }
`;
