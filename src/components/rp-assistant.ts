/**
 * `<rp-assistant>`: agent B's critique of the agent's current trajectory. It shows the largest weakness
 * (ranked by P(accept) × severity), its evidence — including the hidden truth where the screen hides
 * it — its counterfactual fix and the agent's one answer to it (a rebuttal or a concession: one round
 * of debate); the person judges claim and answer together, accepting or rejecting the claim with a strength, or asks
 * for the next weakness. A claim the person rejected (the latest verdict on the same claim: same id
 * `kind:step` and same features, so the same step of another plan does not count) stays listed,
 * struck through and marked "You rejected this". Below, the person approves or rejects the plan.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Approval } from '../app/session-types';
import type { Claim } from '../core/claims';
import type { Verdict } from '../core/verdicts';
import { theme } from './theme';

/** Detail of `critique-verdict`. */
export interface CritiqueVerdictDetail {
  readonly claim: Claim;
  readonly accepted: boolean;
  readonly strength: 1 | 2 | 3;
}
/** Detail of `claim-focus`: the claim now shown (null when none). */
export interface ClaimFocusDetail {
  readonly claim: Claim | null;
}
/** Detail of `plan-verdict`. */
export interface PlanVerdictDetail {
  readonly approved: boolean;
}

const KIND_TEXT: Readonly<Record<Claim['kind'], string>> = {
  irreversible: 'Cannot be undone',
  'appearance-differs': 'The screen hides the truth',
  uncertain: 'The reward model is unsure',
  hazard: 'Hazard',
  detour: 'Detour',
  'missed-reward': 'A reward left behind',
  'seen-punishment': 'A punishment in plain sight',
  'wasted-moves': 'Wasted moves',
  looping: 'Looping for points',
  'off-switch': 'Disables its off-switch',
  tampering: 'Tampers with its score',
};
/** True when two records name the same claim: the same id (`kind:step`) and the same features. */
const sameClaim = (a: { id: string; features: readonly number[] }, b: Claim) =>
  a.id === b.id && a.features.length === b.features.length && a.features.every((f, i) => Math.abs(f - b.features[i]) < 1e-9);
const pointsText = (x: number) => (Math.round(x) === 1 ? '1 point' : `${Math.round(x)} points`);
const signed = (x: number) => (x > 0 ? `+${x.toFixed(0)}` : x < 0 ? `−${(-x).toFixed(0)}` : '0');

/** The assistant's panel; see the module doc. */
@customElement('rp-assistant')
export class RpAssistant extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .claim {
        border-left: 4px solid #d6286a;
        padding: 0.25rem 0 0.25rem 0.75rem;
        margin: 0.5rem 0;
      }
      .kind {
        font-size: 0.8rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: #a0114f;
        font-weight: 700;
      }
      .title {
        font-weight: 700;
        margin: 0.15rem 0;
      }
      .evidence,
      .truth,
      .fix,
      .reply,
      .meta {
        margin: 0.25rem 0;
        font-size: 0.92rem;
      }
      .rejected .title,
      .rejected .evidence,
      .rejected .truth,
      .rejected .fix {
        text-decoration: line-through;
        color: var(--rp-muted);
      }
      .rejected-note {
        margin: 0.15rem 0;
        font-weight: 700;
        color: #a01622;
      }
      .reply {
        border-left: 3px solid #123f8c;
        padding-left: 0.5rem;
      }
      .truth {
        background: #fff4d6;
        border-radius: 4px;
        padding: 0.3rem 0.5rem;
      }
      .meta {
        color: var(--rp-muted);
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-top: 0.5rem;
      }
      hr {
        border: 0;
        border-top: 1px solid var(--rp-line);
        margin: 0.9rem 0;
      }
    `,
  ];

  /** Claims on the agent's trajectory, ranked (largest weakness first), with each P(accept). */
  @property({ attribute: false }) claims: readonly Claim[] = [];
  @property({ attribute: false }) pAccept: readonly number[] = [];
  /** Verdicts given so far (their count is shown). */
  @property({ type: Number }) verdictCount = 0;
  /** The verdicts given so far: a claim whose latest verdict is a reject is shown struck through. */
  @property({ attribute: false }) verdicts: readonly Verdict[] = [];
  /** Every plan approval, and whether to show the hidden-truth count of false approvals (teacher view). */
  @property({ attribute: false }) approvals: readonly Approval[] = [];
  @property({ type: Boolean }) reveal = false;
  /** No verdicts: the agent has no plan yet (the panel says that it waits for one). */
  @property({ type: Boolean }) disabled = false;

  @state() private index = 0;
  @state() private strength: 1 | 2 | 3 = 2;
  private focused: Claim | null | undefined = undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('claims')) {
      // Re-ranked claims keep the one on screen in view (a claim just rejected stays, marked).
      const shown = this.focused;
      const kept = shown ? this.claims.findIndex((c) => sameClaim(shown, c)) : -1;
      this.index = Math.max(0, kept);
    }
  }

  /** True when the person's latest verdict on this claim is a reject. */
  private rejected(claim: Claim): boolean {
    for (let i = this.verdicts.length - 1; i >= 0; i--) {
      const v = this.verdicts[i];
      if (sameClaim({ id: v.claimId, features: v.features }, claim)) return !v.accepted;
    }
    return false;
  }

  protected override updated(): void {
    const claim = this.claims[this.index] ?? null;
    if (claim !== this.focused) {
      this.focused = claim;
      this.dispatchEvent(new CustomEvent<ClaimFocusDetail>('claim-focus', { detail: { claim }, bubbles: true, composed: true }));
    }
  }

  private verdict(accepted: boolean): void {
    const claim = this.claims[this.index];
    if (!claim) return;
    this.dispatchEvent(new CustomEvent<CritiqueVerdictDetail>('critique-verdict', { detail: { claim, accepted, strength: this.strength }, bubbles: true, composed: true }));
  }

  private plan(approved: boolean): void {
    this.dispatchEvent(new CustomEvent<PlanVerdictDetail>('plan-verdict', { detail: { approved }, bubbles: true, composed: true }));
  }

  override render() {
    const claim = this.claims[this.index];
    const rejected = claim !== undefined && this.rejected(claim);
    const approved = this.approvals.filter((a) => a.approved);
    const falseApprovals = approved.filter((a) => a.flawed).length;
    return html`
      <p class="meta">The assistant points out the largest weakness it finds in the agent's current plan. You only judge whether the claim is true.</p>
      ${claim
        ? this.renderClaim(claim)
        : this.disabled
          ? html`<p role="status">The assistant waits for the agent's first plan.</p>`
          : html`<p role="status">No weakness found in the current plan.</p>`}
      <div class="buttons">
        <button class="primary" @click=${() => this.verdict(true)} ?disabled=${!claim || this.disabled}>Accept critique</button>
        <button @click=${() => this.verdict(false)} ?disabled=${!claim || rejected || this.disabled}>Reject critique</button>
        <button @click=${() => (this.index = (this.index + 1) % Math.max(1, this.claims.length))} ?disabled=${this.claims.length < 2}>
          Show next weakness
        </button>
        <label>How sure
          <select @change=${(e: Event) => (this.strength = Number((e.target as HTMLSelectElement).value) as 1 | 2 | 3)}>
            <option value="1" ?selected=${this.strength === 1}>A little</option>
            <option value="2" ?selected=${this.strength === 2}>Fairly</option>
            <option value="3" ?selected=${this.strength === 3}>Very</option>
          </select>
        </label>
      </div>
      <p class="meta">${this.verdictCount} ${this.verdictCount === 1 ? 'verdict' : 'verdicts'} so far: they train the assistant's own critique model.</p>
      <hr />
      <p class="meta">Would you let the agent carry out its current plan?</p>
      <div class="buttons">
        <button @click=${() => this.plan(true)} ?disabled=${this.disabled}>Approve plan</button>
        <button @click=${() => this.plan(false)} ?disabled=${this.disabled}>Reject plan</button>
      </div>
      <p class="meta" data-readout="approvals">
        ${approved.length} of ${this.approvals.length} plans approved${this.reveal ? html`; <strong>${falseApprovals} false ${falseApprovals === 1 ? 'approval' : 'approvals'}</strong> (flawed by the hidden truth)` : ''}.
      </p>
    `;
  }

  private renderClaim(claim: Claim) {
    const truth = claim.evidence.revealsTruth;
    const p = this.pAccept[this.index];
    const rejected = this.rejected(claim);
    return html`<article class=${rejected ? 'claim rejected' : 'claim'} aria-live="polite">
      <div class="kind">${KIND_TEXT[claim.kind]} · step ${claim.step}${claim.endStep > claim.step ? `–${claim.endStep}` : ''}</div>
      ${rejected ? html`<p class="rejected-note" data-readout="rejected">You rejected this.</p>` : ''}
      <p class="title">${rejected ? html`<s>${claim.title}</s>` : claim.title}</p>
      <p class="evidence">${claim.evidence.summary}</p>
      ${truth ? html`<p class="truth">Hidden truth: ${truth.detail} (the screen showed ${signed(truth.apparentReward)}, the true score was ${signed(truth.trueReward)})</p>` : ''}
      <p class="fix">${this.renderFix(claim)}</p>
      ${claim.reply
        ? html`<p class="reply" data-readout="reply"><strong>The agent answers:</strong> ${claim.reply.text}</p>`
        : ''}
      <p class="meta">${claim.kind === 'uncertain' ? 'A question, not an accusation' : `Costs about ${pointsText(claim.severity)} of true score`} · the assistant guesses you will agree: ${p === undefined ? '—' : `${Math.round(p * 100)}%`} · ${this.index + 1} of ${this.claims.length}</p>
    </article>`;
  }

  /** The fix line; for a question (`uncertain`) the alternative, which accepting puts up for labelling instead of a label. */
  private renderFix(claim: Claim) {
    if (claim.kind === 'uncertain') {
      return claim.fix
        ? html`Alternative (dashed on the grid): a different move at step ${claim.fix.fromStep}, true score ${signed(claim.fix.trueReturn)}. Accepting asks you which is better: the agent's plan or this.`
        : 'No other move is possible here.';
    }
    return claim.fix ? html`Fix (dashed on the grid): a different plan from step ${claim.fix.fromStep}, true score ${signed(claim.fix.trueReturn)}.` : 'No fix avoids this from that point.';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-assistant': RpAssistant;
  }
  interface HTMLElementEventMap {
    'critique-verdict': CustomEvent<CritiqueVerdictDetail>;
    'claim-focus': CustomEvent<ClaimFocusDetail>;
    'plan-verdict': CustomEvent<PlanVerdictDetail>;
  }
}
