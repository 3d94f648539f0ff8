/* The console's keyboard shortcuts, all in one place, and the `?` list of them. */
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
      t: () => questions.toggleReveal(),
      '?': () => this.openHelp(),
    };
    this.questions = questions;
    document.addEventListener('keydown', (event) => this.onKey(event));
    byId('help-open').addEventListener('click', () => this.openHelp());
  }

  onKey(event) {
    if (event.defaultPrevented || this.help.open) return;
    if (isTyping(event)) {
      if (event.key === 'Escape') event.target.blur();
      return;
    }
    const action = this.shortcutFor(event);
    if (!action || !this.ctx.state) return;
    event.preventDefault();
    action();
  }

  shortcutFor(event) {
    const key = event.key.toLowerCase();
    if ((event.ctrlKey || event.metaKey) && !event.altKey && key === 'z') return this.shortcuts.z;
    if (event.ctrlKey || event.metaKey || event.altKey) return null;
    if (event.shiftKey && key === 'arrowup') return this.shortcuts.u;
    if (event.shiftKey && key === 'arrowdown') return this.shortcuts.d;
    const tag = event.target && event.target.tagName;
    const onControl = ['BUTTON', 'A', 'SUMMARY', 'INPUT'].includes(tag);
    if (onControl && (key === ' ' || key === 'enter')) return null; // let the focused control work
    if (/^[1-9]$/.test(key)) return () => this.questions.setQuestion(Number(key) - 1);
    return Object.prototype.hasOwnProperty.call(this.shortcuts, key) ? this.shortcuts[key] : null;
  }

  openHelp() {
    this.help.showModal();
  }
}
