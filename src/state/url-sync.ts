// Keeps the page's URL in step with the set-up (history.replaceState on every change) and restores
// a set-up from the URL at start-up through the settings' own validating parsers.
import type { Lab } from './lab.ts';
import { driftUrlSettingsOf } from './drift-url.ts';
import { parseUrlState, serializeUrlState, type UrlSnapshot } from './url-state.ts';

export function snapshotOf(lab: Lab): UrlSnapshot {
  const s = lab.store.state;
  return { view: s.view, lecture: s.lecture, train: s.settings, serve: lab.serve.store.state.settings, prune: lab.prune.store.state.settings, ledger: lab.ledger.store.state.settings, drift: driftUrlSettingsOf(lab.drift.state) };
}

/** Applies a query string to the lab; returns a message per value that was refused (the rest applies). */
export function applyUrl(lab: Lab, search: string): string[] {
  const { request, errors } = parseUrlState(search);
  const messages = [...errors];
  const refused = (given: object, found: Record<string, string | undefined>, prefix: string) => {
    for (const key of Object.keys(given)) if (found[key]) messages.push(`The link's ${prefix}.${key}: ${found[key]}`);
  };
  if (Object.keys(request.train).length > 0) {
    lab.updateSettings(request.train);
    refused(request.train, lab.store.state.settingErrors, 't');
  }
  if (Object.keys(request.serve).length > 0) {
    lab.serve.updateSettings(request.serve);
    refused(request.serve, lab.serve.store.state.errors, 's');
  }
  if (Object.keys(request.prune).length > 0) {
    lab.prune.updateSettings(request.prune);
    refused(request.prune, lab.prune.store.state.errors, 'p');
  }
  if (Object.keys(request.ledger).length > 0) {
    lab.ledger.updateSettings(request.ledger);
    refused(request.ledger, lab.ledger.store.state.errors, 'l');
  }
  if (Object.keys(request.drift).length > 0) refused(request.drift, lab.drift.updateSettings(request.drift), 'd');
  lab.store.set({ ...(request.view ? { view: request.view } : {}), ...(request.lecture !== undefined ? { lecture: request.lecture } : {}) });
  return messages;
}

/** Writes the set-up into the URL whenever it changes; `stop` unsubscribes. */
export function syncUrl(lab: Lab): () => void {
  let last = location.search.replace(/^\?/, '');
  const write = () => {
    const next = serializeUrlState(snapshotOf(lab));
    if (next === last) return;
    last = next;
    history.replaceState(history.state, '', `${location.pathname}?${next}${location.hash}`);
  };
  const stops = [lab.store.subscribe(write), lab.serve.store.subscribe(write), lab.prune.store.subscribe(write), lab.ledger.store.subscribe(write), lab.drift.store.subscribe(write)];
  write();
  return () => stops.forEach((s) => s());
}
