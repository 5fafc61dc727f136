// <tsl-levers-panel>: the training-side levers besides augmentation. Distillation of the selected
// model into a smaller student (temperature, true-label weight, how it shrinks, epochs), beside
// the same student trained alone; and a model-size sweep over width and depth with a fixed epoch
// budget. Progress and Stop; every run becomes a registry model, and the tables show what was
// measured of each (training time, test accuracy with its interval, size, FLOPs per query).
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { accuracyParts, countOf, formatCount, formatFlops, formatMs, formatPercent, formatPointsWithInterval } from '../metrics/format.ts';
import type { Lab } from '../state/lab.ts';
import { isTrainingBusy, type LabState } from '../state/lab-state.ts';
import type { LeversState, SizeRow } from '../state/levers-state.ts';
import type { RegistryState } from '../state/model-registry.ts';
import { StoreController } from '../state/store.ts';
import type { TaskState } from '../state/task-runner.ts';
import type { ModelEntry } from '../registry/records.ts';
import { DISTILL_LIMITS, SHRINKS, sizesText, SWEEP_LIMITS, type DistillSettings, type SizeSweepSettings } from '../train/levers-settings.ts';
import { labContext } from './lab-context.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, type TableColumn } from './table-columns.ts';
import './tsl-progress.ts';

const SHRINK_LABELS: Record<(typeof SHRINKS)[number], string> = { 'half-width': 'half the width', 'one-block-fewer': 'one block fewer', both: 'half width and one block fewer' };

/** A distillation result row: the model in that role (null when deleted or not run) and the training time to show for it ('': the sum of its own epochs). */
interface DistillRow { readonly role: string; readonly m: ModelEntry | null; readonly time: string }

@customElement('tsl-levers-panel')
export class TslLeversPanel extends LitElement {
  static override styles = [stackedTableStyles(44), css`
    :host { display: block; }
    .forms { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 12px; }
    fieldset { border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; padding: 8px 12px; margin: 0; }
    legend { font-weight: 600; }
    label { display: grid; grid-template-columns: 1fr 9rem; gap: 6px; align-items: center; margin: 4px 0; font-size: 0.9rem; }
    input, select { font: inherit; padding: 2px 4px; width: 100%; box-sizing: border-box; }
    input[aria-invalid='true'] { border: 2px solid #b00020; }
    input:focus-visible, select:focus-visible, button:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
    .error { color: #b00020; font-size: 0.85rem; }
    .note { font-size: 0.85rem; color: #333; }
    table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; margin-top: 6px; }
    th, td { padding: 3px 8px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th:first-child, td:first-child { text-align: left; }
    .name { font-weight: normal; }
    .scroll { overflow-x: auto; max-width: 100%; }
    .ci { color: #444; font-size: 0.78rem; }
    button { font: inherit; margin-top: 6px; }
    th[scope='row'] { text-align: left; font-weight: 600; white-space: normal; }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private levers!: StoreController<LeversState>;
  private task!: StoreController<TaskState>;
  private registry!: StoreController<RegistryState>;
  /** The Train view's run: the worker trains one model at a time, so the jobs here wait for it. */
  private labStore!: StoreController<LabState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.levers ??= new StoreController(this, this.lab.levers.store);
    this.task ??= new StoreController(this, this.lab.levers.task.store);
    this.registry ??= new StoreController(this, this.lab.registry.store, (s) => [s.models, s.selectedId, s.measurements]);
    this.labStore ??= new StoreController(this, this.lab.store, (s) => [s.training.phase]);
  }

  override render() {
    const s = this.levers.state;
    const t = this.task.state;
    const training = isTrainingBusy(this.labStore.state);
    const busy = t.status === 'running';
    const teacher = this.lab.registry.selected;
    return html`
      ${training ? html`<p class="note" role="status" data-levers-wait>These jobs wait for the Train view's run to end: the training worker trains one model at a time.</p>` : nothing}
      <div class="forms">
        ${this.renderDistillForm(s, busy, teacher, training)}
        ${this.renderSweepForm(s, busy, training)}
      </div>
      ${s.job ? html`<tsl-progress label=${`${s.job.kind === 'distill' ? 'Distillation' : 'Size sweep'}: ${s.job.step} (run ${s.job.run} of ${s.job.runs}), epoch ${s.job.epoch} of ${s.job.epochs}`}
          .value=${s.job.batch} .max=${s.job.batches} detail=${s.job.batches ? `batch ${s.job.batch} of ${s.job.batches}` : 'starting'}></tsl-progress>
        <button data-action="stop-levers" ?disabled=${t.stopping} @click=${() => this.lab.levers.stop()}>Stop</button>` : nothing}
      ${t.error ? html`<p class="error" role="alert" data-levers-error>${t.error}</p>` : nothing}
      ${this.renderDistillResult(s)}
      ${this.renderSweepRows(s)}`;
  }

  private renderDistillForm(s: LeversState, busy: boolean, teacher: ModelEntry | null, training: boolean) {
    const field = (key: keyof typeof DISTILL_LIMITS) => this.numberField(DISTILL_LIMITS[key].label, `distill-${key}`, s.distill[key], s.distillErrors[key], (v) => this.lab.levers.updateDistill({ [key]: v } as Partial<Record<keyof DistillSettings, string>>));
    return html`<fieldset ?disabled=${busy}>
      <legend>Distillation</legend>
      <p class="note">Teacher: ${teacher ? html`<strong data-teacher>${teacher.name}</strong> (the selected model)` : 'none: select a trained model'}.</p>
      ${field('temperature')}${field('hardWeight')}
      <label>Student
        <select name="distill-shrink" .value=${s.distill.shrink} @change=${(e: Event) => this.lab.levers.updateDistill({ shrink: (e.target as HTMLSelectElement).value })}>
          ${SHRINKS.map((k) => html`<option value=${k} ?selected=${k === s.distill.shrink}>${SHRINK_LABELS[k]}</option>`)}
        </select></label>
      ${s.distillErrors.shrink ? html`<p class="error" role="alert">${s.distillErrors.shrink}</p>` : nothing}
      ${field('epochs')}
      <p class="note">Loss per image: α·CE(labels, p) + (1 − α)·T²·CE(teacher softened at T, p softened at T). Then the same student is trained alone for the same epochs, for comparison. Both use the Train settings' data size, batch, rate, seed and augmentation.</p>
      <button class="primary" data-action="run-distill" ?disabled=${!teacher || !teacher.hasWeights || training} @click=${() => void this.lab.levers.distill()}>Distil the selected model</button>
    </fieldset>`;
  }

  private renderSweepForm(s: LeversState, busy: boolean, training: boolean) {
    const field = (key: keyof typeof SWEEP_LIMITS) => this.numberField(SWEEP_LIMITS[key].label, `sweep-${key}`, s.sweep[key], s.sweepErrors[key], (v) => this.lab.levers.updateSweep({ [key]: v } as Partial<Record<keyof SizeSweepSettings, string>>));
    return html`<fieldset ?disabled=${busy}>
      <legend>Model size sweep</legend>
      <label>Sizes (width x depth)
        <input name="sweep-sizes" type="text" .value=${sizesText(s.sweep.sizes)} aria-invalid=${s.sweepErrors.sizes ? 'true' : 'false'}
          @change=${(e: Event) => this.lab.levers.updateSweep({ sizes: (e.target as HTMLInputElement).value })} /></label>
      ${s.sweepErrors.sizes ? html`<p class="error" role="alert">${s.sweepErrors.sizes}</p>` : nothing}
      ${field('epochs')}${field('targetValAcc')}
      <p class="note">Each size trains for the same fixed epoch budget with the Train settings otherwise; reported: its best validation accuracy in the budget, and the wall time until the first epoch that reached the target (if one did).</p>
      <button class="primary" data-action="run-sweep" ?disabled=${training} @click=${() => void this.lab.levers.sizeSweep()}>Run size sweep</button>
    </fieldset>`;
  }

  private numberField(label: string, name: string, value: number, error: string | undefined, emit: (v: string) => void) {
    return html`<label>${label}
        <input name=${name} type="text" inputmode="decimal" .value=${String(value)} aria-invalid=${error ? 'true' : 'false'}
          @change=${(e: Event) => emit((e.target as HTMLInputElement).value)} /></label>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}`;
  }

  private acc(m: ModelEntry | null) {
    if (!m) return html`—`;
    const p = accuracyParts(m.testAcc ?? Number.NaN, m.testCount);
    return html`${p.value} <span class="ci">${p.interval} ${p.count}</span>`;
  }

  /** The median model-only p50 of a model's wasm measurements (the Serve protocol's), or a note that there is none yet. */
  private p50(m: ModelEntry | null) {
    if (!m) return html`—`;
    const ms = this.lab.registry.measurementsOf(m.id, 'wasm').filter((x) => x.kind !== 'profile').map((x) => x.modelP50Ms).filter(Number.isFinite).sort((a, b) => a - b);
    if (ms.length === 0) return html`<span class="ci">not served yet</span>`;
    return html`${formatMs(ms[Math.floor((ms.length - 1) / 2)]!)} <span class="ci">n = ${ms.length}</span>`;
  }

  private distillColumns(): TableColumn<DistillRow>[] {
    const trainMs = (m: ModelEntry | null) => (m?.origin.kind === 'trained' ? formatMs(m.origin.epochs.reduce((x, e) => x + e.wallMs, 0)) : '—');
    return [
      { name: 'params', cell: ({ m }) => (m ? formatCount(m.params) : '—') },
      { name: 'FLOPs / query', cell: ({ m }) => (m ? formatFlops(m.flopsPerQuery) : '—') },
      { name: 'training time', cell: ({ m, time }) => time || trainMs(m) },
      { name: 'test accuracy [95%], n', cell: ({ m }) => this.acc(m) },
      { name: 'p50 wasm, model only', cell: ({ m }) => this.p50(m) },
    ];
  }

  private renderDistillResult(s: LeversState) {
    const r = s.distillResult;
    if (!r) return nothing;
    const reg = this.lab.registry;
    const rows: DistillRow[] = [
      { role: 'teacher', m: reg.get(r.teacherId), time: '' },
      { role: 'distilled student', m: reg.get(r.studentId), time: `${formatMs(r.studentTrainMs)} (teacher passes ${formatMs(r.teacherMs)})` },
      { role: 'same student alone', m: reg.get(r.baselineId), time: r.baselineId ? formatMs(r.baselineTrainMs) : 'not run (stopped)' },
    ];
    const columns = this.distillColumns();
    return html`<h3>Distillation: T ${r.temperature}, α ${r.hardWeight}, ${SHRINK_LABELS[r.shrink]}, ${countOf(r.epochs, 'epoch')}</h3>
      <div class="scroll fit" role="region" aria-label="Distillation results" tabindex="0"><table class="stack" data-distill-result>
        <thead><tr><th scope="col">model</th>${headings(columns)}</tr></thead>
        <tbody>${rows.map((row) => html`<tr data-role=${row.role}><th scope="row">${row.role}: <span class="name">${row.m?.name ?? '—'}</span></th>${cells(columns, row)}</tr>`)}</tbody>
      </table></div>
      ${this.distillGain(reg.get(r.studentId), reg.get(r.baselineId))}
      <p class="note">Training time: measured sum of epoch wall times (the student's includes the teacher's forward passes, measured apart: ${formatPercent(r.teacherMs / r.studentTrainMs)} of it). Test accuracy: every unseen test image, 95% Wilson interval. p50: the Serve view's protocol, once each model is served. One seed: a small sample.</p>`;
  }

  /** What distillation bought: the distilled student's test accuracy minus the same student's trained alone, with its interval. */
  private distillGain(student: ModelEntry | null, alone: ModelEntry | null) {
    if (student?.testAcc == null || alone?.testAcc == null) return nothing;
    return html`<p data-distill-gain>Distilled − alone: <strong>${formatPointsWithInterval(student.testAcc, student.testCount, alone.testAcc, alone.testCount)}</strong> test accuracy (Newcombe's 95% interval for a difference; one that holds 0 is not distinguishable from no gain).</p>`;
  }

  private sweepColumns(): TableColumn<SizeRow>[] {
    return [
      { name: 'params', cell: (r) => formatCount(r.params) },
      { name: 'FLOPs / query', cell: (r) => formatFlops(r.flopsPerQuery) },
      { name: 'training time (budget)', cell: (r) => formatMs(r.trainMs) },
      {
        name: 'best val acc (epoch)',
        cell: (r) => {
          const val = accuracyParts(r.bestValAcc, r.valCount);
          return html`${val.value} <span class="ci">${val.interval}</span> (${r.bestEpoch})`;
        },
      },
      { name: 'time to target', cell: (r) => (r.msToTarget === null ? 'not reached' : `${formatMs(r.msToTarget)} (epoch ${r.epochToTarget})`) },
      { name: 'test accuracy [95%], n', cell: (r) => this.acc(this.lab.registry.get(r.modelId)) },
    ];
  }

  private renderSweepRows(s: LeversState) {
    if (s.sweepRows.length === 0) return nothing;
    const target = s.sweepTarget ?? Number.NaN;
    const columns = this.sweepColumns();
    return html`<h3>Model size sweep: ${s.sweepRows[0]!.epochs} epoch${s.sweepRows[0]!.epochs === 1 ? '' : 's'} each, target validation accuracy ${formatPercent(target)}</h3>
      <div class="scroll fit" role="region" aria-label="Size sweep results" tabindex="0"><table class="stack" data-size-sweep>
        <thead><tr><th scope="col">size</th>${headings(columns)}</tr></thead>
        <tbody>${s.sweepRows.map((r) => html`<tr><th scope="row">width ${r.width} × depth ${r.depth}</th>${cells(columns, r)}</tr>`)}</tbody>
      </table></div>
      <p class="note">Training time and time to target: measured sums of epoch wall times (validation passes included). FLOPs: analytic forward FLOPs of one query. Test accuracy: every unseen test image, 95% Wilson interval. Each size is a registry model (Models view); its p50 comes from serving it.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-levers-panel': TslLeversPanel;
  }
}
