/* The console's keyboard shortcuts, all in one place, and the `?` list of them.
 * A key acts once: Space pauses even when a button has focus (Enter presses that button), and a
 * button clicked with the mouse gives its focus back, so no later key can press it again. */
import { byId, isTyping } from '../lib/dom.js';

export class Keys {
  constructor(ctx, panels) {
    this.ctx = ctx;
    this.help = byId('help');
    const { turn, queue, questions } = panels;
    const selected = (fn) => () => queue.withSelected(fn);
    this.shortcuts = {
      n: () => turn.next(),
      s: () => turn.start(),
      ' ': () => turn.pauseOrResume(),
      i: () => turn.toggleInterpreting(),
      r: () => turn.reset(),
      e: () => turn.end(),
      z: () => turn.undo(),
      j: () => queue.selectBy(1),
      k: () => queue.selectBy(-1),
      u: selected((id) => queue.move(id, -1)),
      d: selected((id) => queue.move(id, 1)),
      g: selected((id) => queue.giveFloor(id)),
      delete: selected((id) => queue.remove(id)),
      backspace: selected((id) => queue.remove(id)),
      a: () => byId('add-label').focus(),
      f: () => questions.toggleRound(),
      v: () => questions.toggleVoting(),
      w: () => questions.toggleSuggestions(),
      q: () => questions.toggleQueue(),
      l: () => queue.askLowerAll(),
      o: () => panels.room.toggleJoining(),
      t: () => questions.toggleReveal(),
      '?': () => this.openHelp(),
    };
    this.questions = questions;
    this.turn = turn;
    document.addEventListener('keydown', (event) => this.onKey(event));
    document.addEventListener('click', (event) => this.dropMouseFocus(event), true);
    byId('help-open').addEventListener('click', () => this.openHelp());
  }

  onKey(event) {
    if (event.defaultPrevented || document.querySelector('dialog[open], :popover-open')) return;
    if (isTyping(event)) {
      if (event.key === 'Escape') event.target.blur();
      return;
    }
    const action = this.shortcutFor(event);
    if (!action || !this.ctx.state) return;
    event.preventDefault();
    if (action !== this.shortcuts.n) this.turn.cancelConfirm();
    action();
  }

  /** A button pressed with the mouse (detail > 0; keyboard presses have 0) does not keep focus. */
  dropMouseFocus(event) {
    const button = event.detail > 0 && event.target.closest && event.target.closest('button');
    if (button && !button.closest('dialog, [popover], form')) button.blur();
  }

  shortcutFor(event) {
    const key = event.key.toLowerCase();
    if ((event.ctrlKey || event.metaKey) && !event.altKey && key === 'z') return this.shortcuts.z;
    if (event.ctrlKey || event.metaKey || event.altKey) return null;
    if (event.shiftKey && key === 'arrowup') return this.shortcuts.u;
    if (event.shiftKey && key === 'arrowdown') return this.shortcuts.d;
    // A checkbox has no other key to tick it; every other control keeps Enter, and Space means pause.
    if (key === ' ' && event.target.matches && event.target.matches('input[type=checkbox], input[type=radio]')) return null;
    if (/^[1-9]$/.test(key)) return () => this.questions.setQuestion(Number(key) - 1);
    return Object.prototype.hasOwnProperty.call(this.shortcuts, key) ? this.shortcuts[key] : null;
  }

  openHelp() {
    this.help.showModal();
  }
}
