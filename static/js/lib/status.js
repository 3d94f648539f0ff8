/* A page's status line (an aria-live region): short messages that expire, errors marked as such. */

export const SAY_MS = 6000;
export const ERROR_MS = 15000;

export class StatusLine {
  constructor(node) {
    this.node = node;
    this.timer = null;
    this.showing = null;
    this.tag = null;
    this.waitsForConnection = false;
  }

  /** A message that expires after a few seconds; `tag` names what it is about, for `drop`. */
  say(message, tag = null) {
    this.put(message, false, SAY_MS);
    this.tag = tag;
  }

  /** Take back a message that is no longer true ("Now speaking: X" once X's turn is over). */
  drop(tag) {
    if (tag != null && this.tag === tag) this.clear();
  }

  /**
   * An error: it stays longer. One caused by a lost connection (`err.retryable`) stays until
   * `connected()` says the connection is back and nothing is on its way.
   */
  error(err) {
    const message = typeof err === 'string' ? err : err.message;
    const connection = typeof err !== 'string' && !!err.retryable;
    this.put('⚠ ' + message, true, connection ? 0 : ERROR_MS);
    this.waitsForConnection = connection;
  }

  connected() {
    if (this.waitsForConnection) this.clear();
  }

  clear() {
    window.clearTimeout(this.timer);
    window.clearTimeout(this.showing);
    this.node.textContent = '';
    this.node.classList.remove('is-error');
    this.waitsForConnection = false;
    this.tag = null;
  }

  put(message, isError, ms) {
    const node = this.node;
    window.clearTimeout(this.timer);
    window.clearTimeout(this.showing);
    this.waitsForConnection = false;
    this.tag = null;
    node.classList.toggle('is-error', isError);
    node.textContent = '';
    // A fresh text node after clearing makes screen readers announce a repeated message again.
    this.showing = window.setTimeout(() => { node.textContent = message || ''; }, 30);
    if (ms) this.timer = window.setTimeout(() => this.clear(), ms);
  }
}
