/* What the moderator's undoable actions did, in words: "the floor given to P10", not "TurnStarted". */
import { t } from '../lib/page.js';

const DEPTH = 20;

export class History {
  constructor() {
    this.done = [];     // [{kind, label}], newest last: what this console did
  }

  /** Remember an undoable action this console made (kind: the event type the server's undo names). */
  note(kind, label) {
    this.done.push({ kind, label });
    this.done.splice(0, this.done.length - DEPTH);
  }

  /** The last action of this kind in words, from the state where it shows, else from this console's memory. */
  describe(kind, state) {
    if (kind === 'AllHandsLowered') return t('undo_AllHandsLowered');
    let label = null;
    if (kind === 'TurnStarted' && state.speaker) label = state.speaker.label;
    else if (kind === 'TurnEnded' && state.speeches.length) label = state.speeches[state.speeches.length - 1].label;
    else label = this.lastLabel(kind);
    return label == null ? t('undo_unknown') : t('undo_' + kind, { label });
  }

  lastLabel(kind) {
    for (let i = this.done.length - 1; i >= 0; i -= 1) if (this.done[i].kind === kind) return this.done[i].label;
    return null;
  }
}
