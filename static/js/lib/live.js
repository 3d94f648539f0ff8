/*
 * One live connection to a forum in one role (docs/protocol.md). Joins on every (re)connect and
 * takes the ack's full state; every later `state` push goes through state.js, the page's one
 * update path. Actions are acknowledged only after the server committed them.
 */
import { applyPush, fromSnapshot, touches } from './state.js';

const JOIN_TIMEOUT_MS = 10000;

function failure(message, retryable) {
  const err = new Error(message);
  err.retryable = retryable;
  return err;
}

const delay = (ms) => new Promise((resolve) => window.setTimeout(resolve, ms));

export class Live {
  /**
   * opts: code, role, words {offline, no_answer, refused}, joinExtra(), onState(state, push),
   * onJoined(ack), onNotice(notice), onConnection(joined), onSettled(), onError(message),
   * onJoinRefused(message) (the server said no to the join itself: joining closed, an unknown forum)
   */
  constructor(opts) {
    this.opts = opts;
    this.state = null;
    this.joined = false;
    this.joining = null;        // pushes that arrive while a join is on its way
    this.speakerAt = 0;         // performance.now() when the speaker part last arrived
    this.queueAt = 0;
    this.stateAt = 0;           // ... and when the state (and its server_time) last changed
    this.inFlight = 0;
    this.troubled = false;      // an action failed for want of a connection since the last settle
    this.waiters = [];
    // `forum` lets a cluster's nginx send every socket of a forum to the worker that serves it
    // (docs/deployment.md); one server ignores it.
    this.socket = window.io({ reconnectionDelayMax: 3000, query: { forum: opts.code } });
    this.socket.on('connect', () => this.join());
    this.socket.on('disconnect', () => this.lost());
    this.socket.on('connect_error', () => this.lost());
    this.socket.on('state', (push) => this.receive(push));
    this.socket.on('notice', (notice) => opts.onNotice && opts.onNotice(notice || {}));
    document.addEventListener('visibilitychange', () => this.wake());
    this.connection(false);
  }

  words(key) {
    return this.opts.words[key];
  }

  join() {
    const opts = this.opts;
    // lang: the page's language, in which the server words its refusals (docs/protocol.md)
    const payload = { code: opts.code, role: opts.role, lang: document.documentElement.lang || 'en',
      ...(opts.joinExtra ? opts.joinExtra() : {}) };
    this.joined = false;
    this.joining = [];
    this.emit('join', payload, JOIN_TIMEOUT_MS).then((ack) => {
      if (opts.onJoined) opts.onJoined(ack);
      const early = this.joining || [];
      this.joining = null;
      this.joined = true;
      this.replace(ack.state, early);
      this.connection(true);
      this.waiters.splice(0).forEach((resolve) => resolve());
      this.settle();
    }, (err) => {
      this.joining = null;
      if (!err.retryable && opts.onJoinRefused) opts.onJoinRefused(err.message);
      else if (opts.onError) opts.onError(err.message);
      if (err.retryable) window.setTimeout(() => { if (this.socket.connected && !this.joined) this.join(); }, 3000);
    });
  }

  lost() {
    this.joined = false;
    this.troubled = true;
    this.connection(false);
  }

  connection(joined) {
    document.documentElement.classList.toggle('is-offline', !joined);
    if (joined) document.documentElement.classList.add('is-live');
    if (this.opts.onConnection) this.opts.onConnection(joined);
  }

  replace(snapshot, later = []) {
    this.state = later.reduce(applyPush, fromSnapshot(snapshot || {}));
    this.speakerAt = this.queueAt = this.stateAt = performance.now();
    this.opts.onState(this.state, { full: true });
  }

  receive(push) {
    if (!push) return;
    if (this.joining) this.joining.push(push);
    if (!this.joined || !this.state) return;
    const before = this.state;
    this.state = applyPush(before, push);
    if (this.state === before) return;
    this.stateAt = performance.now();
    if (touches(push, 'speaker')) this.speakerAt = performance.now();
    if (touches(push, 'queue')) this.queueAt = performance.now();
    this.opts.onState(this.state, push);
  }

  /** Seconds since the speaker part arrived (the timer ticks from there). */
  sinceSpeaker() {
    return (performance.now() - this.speakerAt) / 1000;
  }

  /** The server's clock now, as far as this page can tell (seconds since the epoch). */
  serverNow() {
    return this.state.server_time + (performance.now() - this.stateAt) / 1000;
  }

  /** Fetch a full snapshot (after the screen wakes up, or after an unanswered action). */
  resync() {
    if (!this.joined) return Promise.resolve(null);
    return this.call('get_state', {}).then((ack) => {
      this.replace(ack.state);
      return ack;
    }, () => null);
  }

  wake() {
    if (document.visibilityState !== 'visible') return;
    if (this.joined) this.resync();
    else if (!this.socket.connected) this.socket.connect();
  }

  /** Emit once and wait for the ack; resolves with an ok ack, rejects with its error text. */
  emit(event, payload, timeoutMs) {
    return new Promise((resolve, reject) => {
      if (!this.socket.connected) {
        reject(failure(this.words('offline'), true));
        return;
      }
      this.socket.timeout(timeoutMs).emit(event, payload || {}, (err, ack) => {
        if (err) reject(failure(this.words('no_answer'), true));
        // `retry`: the forum is moving between a cluster's workers; the same action succeeds in a moment
        else if (!ack || ack.ok !== true) reject(failure((ack && ack.error) || this.words('refused'), Boolean(ack && ack.retry)));
        else resolve(ack);
      });
    });
  }

  /** Resolves once joined; fails at once while offline, so a tap never waits silently. */
  whenJoined(timeoutMs) {
    if (this.joined) return Promise.resolve();
    if (!this.socket.connected) return Promise.reject(failure(this.words('offline'), true));
    return new Promise((resolve, reject) => {
      this.waiters.push(resolve);
      window.setTimeout(() => {
        const i = this.waiters.indexOf(resolve);
        if (i < 0) return;
        this.waiters.splice(i, 1);
        reject(failure(this.words('offline'), true));
      }, timeoutMs);
    });
  }

  /**
   * Send an action and wait for its ack. Unanswered attempts are retried `retries` times (only
   * for actions that carry an idempotency key or are harmless to repeat).
   */
  call(event, payload, { retries = 0, timeout = 8000 } = {}) {
    const attempt = (n) => this.whenJoined(timeout)
      .then(() => this.emit(event, payload || {}, timeout))
      .catch((err) => {
        if (err.retryable && n < retries) return delay(1000 * (n + 1)).then(() => attempt(n + 1));
        throw err;
      });
    this.inFlight += 1;
    return attempt(0).then((ack) => {
      this.inFlight -= 1;
      this.settle();
      return ack;
    }, (err) => {
      this.inFlight -= 1;
      if (err.retryable) this.troubled = true;
      else this.settle();
      throw err;
    });
  }

  /** Once joined with nothing on its way, a page may drop what it said about being offline. */
  settle() {
    if (!this.joined || this.inFlight > 0 || !this.troubled) return;
    this.troubled = false;
    if (this.opts.onSettled) this.opts.onSettled();
  }
}
