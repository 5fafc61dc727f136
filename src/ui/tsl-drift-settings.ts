// <tsl-drift-settings>: the drifting stream's settings: the scenario (a preset's shifts, each with
// its strength), the traffic and feedback, and the policies to compare. Emits `tsl-drift-configure`
// with a patch; DriftLab validates it and a refusal comes back as `error`. Text that is not a number
// is refused here (NumberRefusal), quoted, before it reaches the lab.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PolicySpec, RetrainFrom } from '../drift/policy.ts';
import { percentOf, PRESET_SCENARIOS, SHIFT_LABELS, type DriftScenario } from '../drift/schedule.ts';
import type { DriftState } from '../state/drift-state.ts';
import { NumberRefusal } from './number-refusal.ts';

export type DriftConfigurePatch = Partial<Pick<DriftState, 'scenario' | 'scenarioName' | 'policies' | 'fineTuneEpochs' | 'trafficPerDay' | 'floorAcc' | 'floorFromDay' | 'energy'>>;
export type DriftConfigureEvent = CustomEvent<DriftConfigurePatch>;

/** The policy rows the form offers, each switched on or off. */
type Slot = 'never' | 'accuracy' | 'every' | 'signal';

const slotOf = (p: PolicySpec): Slot => (p.kind === 'never' ? 'never' : p.kind === 'every' ? 'every' : p.accDropPoints !== null ? 'accuracy' : 'signal');

@customElement('tsl-drift-settings')
export class TslDriftSettings extends LitElement {
  static override styles = css`
    :host { display: block; container-type: inline-size; }
    fieldset { border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; padding: 8px 12px; margin: 0 0 8px; }
    legend { font-weight: 600; }
    label.row { display: grid; grid-template-columns: 1fr 7rem; gap: 6px; align-items: center; margin: 4px 0; font-size: 0.9rem; }
    .policy { display: flex; flex-wrap: wrap; gap: 4px 6px; align-items: center; font-size: 0.9rem; margin: 4px 0; }
    .policy input[type='text'] { width: 3.5rem; }
    input[type='text'], select { font: inherit; padding: 2px 4px; box-sizing: border-box; }
    label.row input, label.row select { width: 100%; }
    .shift { font-size: 0.78rem; color: #444; margin: 0 0 2px; }
    /* The scenario's names are sentences: its select takes the row's width, and in a narrow aside,
       where a closed select still cuts them off, the chosen one is written out under it. */
    label.row.wide { grid-template-columns: 1fr; gap: 2px; }
    p.whole { display: none; font-size: 0.78rem; color: #444; margin: 0 0 4px; }
    @container (max-width: 50rem) { p.whole { display: block; } }
    .error { color: #b00020; font-weight: 600; font-size: 0.85rem; }
    input:focus-visible, select:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
  `;

  @property({ attribute: false }) state!: DriftState;
  /** Disable while a stream runs. */
  @property({ type: Boolean }) disabled = false;
  /** The lab's last refusal is shown beside the field it came from (the policy choice's), so not again here. */
  @property({ type: Boolean }) refusalShownElsewhere = false;

  /** A field's text that was not a number; cleared by the next change sent. */
  private readonly refusal = new NumberRefusal(this);

  /**
   * Reads a field as a number and hands it on, or refuses text that is none (a blank included):
   * the message quotes it and the field goes back to `inUse`. Written here, not by a live binding,
   * so that a re-render while someone types (a folder being read) leaves their text alone.
   */
  private numberFrom(label: string, e: Event, inUse: number, use: (x: number) => void): void {
    const value = this.refusal.read(label, e.target as HTMLInputElement, inUse);
    if (value !== null) use(value);
  }

  private emit(patch: DriftConfigurePatch): void {
    // Any change sent to the lab is newer than an earlier refused text; the lab's own verdict shows.
    this.refusal.clear();
    this.dispatchEvent(new CustomEvent('tsl-drift-configure', { detail: patch, bubbles: true, composed: true }));
  }

  private scenario(patch: Partial<DriftScenario>): void {
    this.emit({ scenario: { ...this.state.scenario, ...patch } });
  }

  private preset(name: string): void {
    const preset = PRESET_SCENARIOS[name];
    if (preset) this.emit({ scenarioName: name, scenario: { ...this.state.scenario, shifts: preset.shifts.map((s) => ({ ...s })) } });
  }

  private strength(i: number, value: number): void {
    const shifts = this.state.scenario.shifts.map((s, j) => (j === i ? { ...s, strength: value } : s));
    this.scenario({ shifts });
  }

  /** The policies with one row changed (on, off, or a parameter). */
  private policy(slot: Slot, on: boolean, make: () => PolicySpec): void {
    const others = this.state.policies.filter((p) => slotOf(p) !== slot);
    const order: Slot[] = ['never', 'accuracy', 'every', 'signal'];
    const next = on ? [...others, make()] : others;
    this.emit({ policies: next.sort((a, b) => order.indexOf(slotOf(a)) - order.indexOf(slotOf(b))) });
  }

  override render() {
    const s = this.state;
    const sc = s.scenario;
    const find = (slot: Slot) => s.policies.find((p) => slotOf(p) === slot);
    const chosen = PRESET_SCENARIOS[s.scenarioName];
    const acc = find('accuracy');
    const every = find('every');
    const signal = find('signal');
    const accPoints = acc?.kind === 'triggered' ? (acc.accDropPoints ?? 5) : 5;
    const everyDays = every?.kind === 'every' ? every.days : 1;
    const psiAbove = signal?.kind === 'triggered' ? (signal.signalAbove ?? 0.25) : 0.25;
    const fromOf = (p: PolicySpec | undefined): RetrainFrom => (p && p.kind !== 'never' ? p.from : 'fine-tune');
    const fromSelect = (slot: Slot, p: PolicySpec | undefined, make: (from: RetrainFrom) => PolicySpec) => html`<select aria-label=${`${slot} policy retrains by`} ?disabled=${this.disabled || !p}
      @change=${(e: Event) => this.policy(slot, true, () => make((e.target as HTMLSelectElement).value as RetrainFrom))}>
      <option value="fine-tune" ?selected=${fromOf(p) === 'fine-tune'}>fine-tune on recent labels</option>
      <option value="scratch" ?selected=${fromOf(p) === 'scratch'}>from scratch on all labels</option></select>`;
    return html`
      <fieldset ?disabled=${this.disabled}>
        <legend>The drifting world</legend>
        <label class="row wide">Scenario
          <select name="scenario" @change=${(e: Event) => this.preset((e.target as HTMLSelectElement).value)}>
            ${Object.entries(PRESET_SCENARIOS).map(([name, p]) => html`<option value=${name} ?selected=${s.scenarioName === name}>${p.label}</option>`)}
          </select></label>
        ${chosen ? html`<p class="whole" data-scenario-whole aria-hidden="true">${chosen.label}</p>` : nothing}
        ${sc.shifts.map((shift, i) => html`<label class="row">${shift.kind} strength (day ${shift.startDay}${shift.rampDays ? `, over ${shift.rampDays + 1} days` : ''})
            <input type="text" inputmode="decimal" name=${`strength-${i}`} .value=${String(shift.strength)} @change=${(e: Event) => this.numberFrom(`${shift.kind} strength`, e, shift.strength, (x) => this.strength(i, x))}></label>
          <p class="shift">${SHIFT_LABELS[shift.kind]}</p>`)}
        <label class="row">Days (day 0 = training data)<input type="text" inputmode="numeric" name="days" .value=${String(sc.days)} @change=${(e: Event) => this.numberFrom('Days', e, sc.days, (x) => this.scenario({ days: x }))}></label>
        <label class="row">Queries per day<input type="text" inputmode="numeric" name="queries" .value=${String(sc.queriesPerDay)} @change=${(e: Event) => this.numberFrom('Queries per day', e, sc.queriesPerDay, (x) => this.scenario({ queriesPerDay: x }))}></label>
        <label class="row">Share labelled (feedback, %)<input type="text" inputmode="decimal" name="feedback" .value=${String(percentOf(sc.feedbackFraction))} @change=${(e: Event) => this.numberFrom('Share labelled', e, percentOf(sc.feedbackFraction), (x) => this.scenario({ feedbackFraction: x / 100 }))}></label>
        <label class="row">Labels come back after (days)<input type="text" inputmode="numeric" name="delay" .value=${String(sc.feedbackDelayDays)} @change=${(e: Event) => this.numberFrom('Labels come back after', e, sc.feedbackDelayDays, (x) => this.scenario({ feedbackDelayDays: x }))}></label>
        <label class="row">Seed<input type="text" inputmode="numeric" name="seed" .value=${String(sc.seed)} @change=${(e: Event) => this.numberFrom('Seed', e, sc.seed, (x) => this.scenario({ seed: x }))}></label>
      </fieldset>
      <fieldset ?disabled=${this.disabled}>
        <legend>Policies to compare</legend>
        <label class="policy"><input type="checkbox" name="policy-never" .checked=${!!find('never')} @change=${(e: Event) => this.policy('never', (e.target as HTMLInputElement).checked, () => ({ kind: 'never' }))}> never retrain</label>
        <div class="policy"><label><input type="checkbox" name="policy-accuracy" .checked=${!!acc}
            @change=${(e: Event) => this.policy('accuracy', (e.target as HTMLInputElement).checked, () => ({ kind: 'triggered', accDropPoints: accPoints, signalAbove: null, from: fromOf(acc) }))}> when monitored accuracy &lt; day 0 −</label>
          <input type="text" inputmode="decimal" name="acc-points" aria-label="points below day 0" .value=${String(accPoints)} ?disabled=${!acc}
            @change=${(e: Event) => this.numberFrom('Points below day 0', e, accPoints, (x) => this.policy('accuracy', true, () => ({ kind: 'triggered', accDropPoints: x, signalAbove: null, from: fromOf(acc) })))}> points,
          ${fromSelect('accuracy', acc, (from) => ({ kind: 'triggered', accDropPoints: accPoints, signalAbove: null, from }))}</div>
        <div class="policy"><label><input type="checkbox" name="policy-every" .checked=${!!every}
            @change=${(e: Event) => this.policy('every', (e.target as HTMLInputElement).checked, () => ({ kind: 'every', days: everyDays, from: fromOf(every) }))}> every</label>
          <input type="text" inputmode="numeric" name="every-days" aria-label="days between retrainings" .value=${String(everyDays)} ?disabled=${!every}
            @change=${(e: Event) => this.numberFrom('Days between retrainings', e, everyDays, (x) => this.policy('every', true, () => ({ kind: 'every', days: x, from: fromOf(every) })))}> days,
          ${fromSelect('every', every, (from) => ({ kind: 'every', days: everyDays, from }))}</div>
        <div class="policy"><label><input type="checkbox" name="policy-signal" .checked=${!!signal}
            @change=${(e: Event) => this.policy('signal', (e.target as HTMLInputElement).checked, () => ({ kind: 'triggered', accDropPoints: null, signalAbove: psiAbove, from: fromOf(signal) }))}> when the drift signal PSI &gt;</label>
          <input type="text" inputmode="decimal" name="psi-above" aria-label="PSI threshold" .value=${String(psiAbove)} ?disabled=${!signal}
            @change=${(e: Event) => this.numberFrom('PSI threshold', e, psiAbove, (x) => this.policy('signal', true, () => ({ kind: 'triggered', accDropPoints: null, signalAbove: x, from: fromOf(signal) })))}>,
          ${fromSelect('signal', signal, (from) => ({ kind: 'triggered', accDropPoints: null, signalAbove: psiAbove, from }))}</div>
        <label class="row">Fine-tune epochs<input type="text" inputmode="numeric" name="fine-tune-epochs" .value=${String(s.fineTuneEpochs)} @change=${(e: Event) => this.numberFrom('Fine-tune epochs', e, s.fineTuneEpochs, (x) => this.emit({ fineTuneEpochs: x }))}></label>
      </fieldset>
      ${this.refusal.message ? html`<p class="error" role="alert" data-drift-config-error>${this.refusal.message}</p>` : s.configError && !this.refusalShownElsewhere ? html`<p class="error" role="alert" data-drift-config-error>${s.configError}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-drift-settings': TslDriftSettings;
  }
  interface GlobalEventHandlersEventMap {
    'tsl-drift-configure': DriftConfigureEvent;
  }
}
