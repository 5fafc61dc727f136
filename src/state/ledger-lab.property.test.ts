// The Ledger's import against the space of files, on a real registry (no storage): any file is
// imported or refused with a message naming it; a refused file leaves the registry's models and
// measurements exactly as they were, and an imported one only adds (the ledger still renders).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, edit } from '../metrics/test-json-edits.ts';
import { reportOf, validRegistry, validReportDoc } from '../registry/test-reports.ts';
import { LedgerLab } from './ledger-lab.ts';
import { ModelRegistry } from './model-registry.ts';

const RUNS = 1000;

const file = (name: string, text: string) => Object.assign(new Blob([text], { type: 'application/json' }), { name });

/** A ledger on a registry that already holds some models and measurements (read from an earlier report). */
function ledgerWith(snapshot: Parameters<ModelRegistry['addFromReport']>[0]) {
  const registry = new ModelRegistry();
  registry.addFromReport(snapshot);
  return { registry, ledger: new LedgerLab({ registry, backends: () => null }) };
}

/** Any file a person might pick: not JSON, JSON of another kind, a report, an edited report. */
const anyFileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.json({ maxDepth: 3 }),
  validReportDoc.map((d) => JSON.stringify(d)),
  fc.tuple(validReportDoc, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([d, edits]) => JSON.stringify(applyEdits(d, edits))),
);

describe('LedgerLab.importFile (properties)', () => {
  it('imports or refuses by name; a refused file changes nothing, an imported one only adds', async () => {
    await fc.assert(
      fc.asyncProperty(validRegistry, anyFileText, fc.string({ minLength: 1, maxLength: 12 }), async (held, text, stem) => {
        const { registry, ledger } = ledgerWith(held);
        const models = registry.models;
        const measurements = registry.measurements;
        const before = registry.snapshot();
        const name = `${stem}.json`;
        const ok = await ledger.importFile(file(name, text));
        const message = ledger.store.state.importMessage!;
        expect(message.kind).toBe(ok ? 'ok' : 'error');
        expect(message.text).toContain(`"${name}"`);
        if (!ok) {
          // The very same arrays: not even a copy was made.
          expect(registry.models).toBe(models);
          expect(registry.measurements).toBe(measurements);
          expect(registry.snapshot()).toEqual(before);
          return;
        }
        expect(registry.models.slice(0, models.length)).toEqual(models);
        expect(registry.measurements.slice(0, measurements.length)).toEqual(measurements);
        for (const m of registry.models.slice(models.length)) expect([m.source, m.hasWeights]).toEqual(['report', false]);
        expect(new Set(registry.models.map((m) => m.id)).size).toBe(registry.models.length);
        expect(() => ledger.rows()).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });

  it('importing the same report twice adds nothing the second time', async () => {
    await fc.assert(
      fc.asyncProperty(validRegistry, validRegistry, async (held, other) => {
        const { registry, ledger } = ledgerWith(held);
        const text = JSON.stringify(reportOf(other));
        expect(await ledger.importFile(file('other.json', text))).toBe(true);
        const models = registry.models;
        const measurements = registry.measurements;
        expect(await ledger.importFile(file('other.json', text))).toBe(true);
        expect(ledger.store.state.importMessage!.text).toContain('Nothing new in "other.json"');
        expect(registry.models).toEqual(models);
        expect(registry.measurements).toEqual(measurements);
      }),
      { numRuns: RUNS },
    );
  });
});
