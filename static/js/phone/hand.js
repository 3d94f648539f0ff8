/* The phone's hand: raise or lower it, where it stands in the queue, and the nudges when its turn comes;
 * why a hand cannot be raised (a closed queue, the cap on turns) and why the moderator took it down. */
import { byIds, setText, show } from '../lib/dom.js';
import { turnTimes } from '../lib/timer.js';
import { t } from '../lib/page.js';

const HAND_LANG_KEY = 'ff_hand_lang';
const NOTICE_MS = 15000;
const SETTLE_MS = 3000;          // how long a tap waits for the push that shows its effect

export class Hand {
  constructor(page) {
    this.page = page;
    this.ui = byIds('round-banner notice notice-text notice-ok first-time hand-lang hand-blocked raise-hand my-position');
    this.busy = null;            // {raised: bool, until: ms} while a tap waits for its effect
    this.lastPosition = undefined; // undefined until the first render, so a page load does not buzz
    this.wasSpeaking = false;
    this.noticeTimer = null;
    this.noticeKind = null;      // 'next' | 'turn' | 'removed': what the shown notice is about
    this.lastRemoved = null;     // why the moderator last took this phone's hand (me.hand_removed)
    this.restoreLang();
    this.ui.raiseHand.addEventListener('click', () => this.toggle());
    this.ui.noticeOk.addEventListener('click', () => this.hideNotice());
  }

  isSpeaking(me) {
    return !!me.speaking;
  }

  render(me) {
    const ui = this.ui;
    const inQueue = me.position != null;
    const speaking = this.isSpeaking(me);
    if (this.busy && (inQueue === this.busy.raised || performance.now() > this.busy.until)) this.busy = null;
    show(ui.roundBanner, this.page.state.round === 'first_timers' && me.first_time !== false);
    ui.raiseHand.setAttribute('aria-pressed', inQueue ? 'true' : 'false');
    ui.raiseHand.classList.toggle('is-raised', inQueue);
    setText(ui.raiseHand.querySelector('.label'), inQueue ? t('lower') : t('raise'));
    const blocked = inQueue || speaking ? null : me.hand_blocked;
    show(ui.handBlocked, !!blocked);
    setText(ui.handBlocked.querySelector('.text'), blocked ? this.blockedText(blocked) : '');
    ui.raiseHand.disabled = !!this.busy || !!blocked;
    ui.handLang.disabled = inQueue;
    show(ui.firstTime, !!me.first_time && !inQueue && !speaking && !blocked);
    setText(ui.myPosition, this.positionText(me, inQueue, speaking));
    ui.myPosition.classList.toggle('is-next', me.position === 1 || speaking);
    this.alertOnChange(me, speaking);
  }

  /** Why this phone cannot raise its hand now, in its own language. */
  blockedText(reason) {
    if (reason === 'turn_limit') return t('blocked_turn_limit', { n: this.page.state.forum.max_turns });
    return t('blocked_queue_closed');
  }

  positionText(me, inQueue, speaking) {
    if (speaking) return t('you_are_speaking');
    if (!inQueue && me.hand_removed) return t('removed_' + me.hand_removed);
    if (!inQueue) return t('hand_down');
    if (me.position === 1) return t('you_are_next');
    return t('position', { n: me.position, m: this.estimateMinutes(me.position) });
  }

  /** About how many minutes until this position speaks: what is left of the current turn plus average turns. */
  estimateMinutes(position) {
    const state = this.page.state;
    const average = this.averageTurnSeconds();
    let seconds = (position - 1) * average;
    seconds += state.speaker ? Math.max(0, turnTimes(state.speaker, this.page.live.sinceSpeaker()).remaining) : average;
    return Math.max(1, Math.round(seconds / 60));
  }

  averageTurnSeconds() {
    const state = this.page.state;
    const limit = state.forum.turn_seconds;
    let talk = 0;
    let turns = 0;
    for (const entry of state.queue) {
      talk += entry.talk_s;
      turns += entry.turns;
    }
    return turns < 3 ? limit : Math.min(limit, Math.max(20, talk / turns));
  }

  alertOnChange(me, speaking) {
    const first = this.lastPosition === undefined;
    // A notice about a turn that has moved on misleads ("It is your turn" while someone else speaks).
    if (!first && this.noticeKind === 'turn' && this.wasSpeaking && !speaking) this.hideNotice();
    if (!first && this.noticeKind === 'next' && this.lastPosition === 1 && me.position !== 1 && !speaking) this.hideNotice();
    if (!first && me.position === 1 && this.lastPosition !== 1) vibrate([200, 100, 200]);
    if (!first && me.hand_removed && me.hand_removed !== this.lastRemoved) {
      this.page.status.drop('hand'); // "Your hand is raised" is no longer true
      vibrate([300]);
      this.showNotice(t('removed_' + me.hand_removed), 'removed');
    }
    if (this.noticeKind === 'removed' && !me.hand_removed) this.hideNotice();
    this.lastRemoved = me.hand_removed || null;
    if (!first && speaking && !this.wasSpeaking) {
      this.page.status.drop('hand'); // "Your hand is raised" is no longer true
      vibrate([400, 150, 400]);
      this.showNotice(t('your_turn'), 'turn');
    }
    this.lastPosition = me.position;
    this.wasSpeaking = speaking;
  }

  toggle() {
    const page = this.page;
    if (this.busy || !page.state) return;
    const raising = (page.state.me || {}).position == null;
    this.busy = { raised: raising, until: Infinity };
    this.ui.raiseHand.disabled = true;
    if (raising) page.storage.set(HAND_LANG_KEY, this.ui.handLang.value);
    const call = raising ? page.live.call('hand_raise', { lang: this.ui.handLang.value }) : page.live.call('hand_lower', {});
    call.then(() => {
      page.status.say(raising ? t('hand_raised') : t('hand_lowered'), 'hand');
      if (this.busy) this.busy.until = performance.now() + SETTLE_MS; // the push may have come first
      window.setTimeout(() => page.render(), SETTLE_MS);
    }, (err) => {
      this.busy = null;
      page.failed(err);
    }).then(() => page.render());
  }

  notice(notice) {
    if (notice.kind === 'your_turn_next') {
      vibrate([200, 100, 200]);
      this.showNotice(t('you_are_next'), 'next');
    } else if (notice.kind === 'your_turn') {
      vibrate([400, 150, 400]);
      this.showNotice(t('your_turn'), 'turn');
    }
  }

  showNotice(text, kind) {
    setText(this.ui.noticeText, text);
    this.ui.notice.hidden = false;
    this.noticeKind = kind;
    window.clearTimeout(this.noticeTimer);
    this.noticeTimer = window.setTimeout(() => this.hideNotice(), NOTICE_MS);
  }

  hideNotice() {
    window.clearTimeout(this.noticeTimer);
    this.ui.notice.hidden = true;
    this.noticeKind = null;
  }

  restoreLang() {
    const saved = this.page.storage.get(HAND_LANG_KEY);
    if (saved && [...this.ui.handLang.options].some((o) => o.value === saved)) this.ui.handLang.value = saved;
  }
}

/** Buzz the phone; browsers allow it only after the person has touched the page once. */
function vibrate(pattern) {
  const activation = navigator.userActivation;
  if (!navigator.vibrate || (activation && !activation.hasBeenActive)) return;
  try {
    navigator.vibrate(pattern);
  } catch (e) { /* some browsers refuse without a gesture */ }
}
