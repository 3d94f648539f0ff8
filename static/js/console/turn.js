/* The console's current speaker: who, in which language, the countdown, and the turn's controls. */
import { byIds, clear, setText } from '../lib/dom.js';
import { langNode } from '../lib/languages.js';
import { t } from '../lib/page.js';
import { mmss, paintTimer, timerFace, turnTimes } from '../lib/timer.js';

const REPEAT_MS = 1000;        // a second "next" this soon after the first asks first
const YOUNG_TURN_S = 3;        // ... and so does any "next" while the turn is this young
const CONFIRM_MS = 4000;       // how long the question waits for its answer

export class Turn {
  constructor(ctx) {
    this.ctx = ctx;
    this.ui = byIds(`speaker-label speaker-lang timer speaker-mode next-speaker start-turn pause-turn
      interpret-turn reset-timer end-turn undo`);
    this.lastNextAt = -Infinity;
    this.confirmUntil = 0;
    this.wire();
  }

  render() {
    const ui = this.ui;
    const { speaker, can_undo: canUndo } = this.ctx.state;
    ui.speakerLabel.classList.toggle('is-idle', !speaker);
    setText(ui.speakerLabel, speaker ? speaker.label : t('nobody_speaking'));
    clear(ui.speakerLang);
    if (speaker && speaker.lang) ui.speakerLang.append(langNode(speaker.lang));
    const paused = !!speaker && speaker.mode !== 'speaking';
    setText(ui.pauseTurn.querySelector('.label'), paused ? t('resume') : t('pause'));
    ui.interpretTurn.setAttribute('aria-pressed', speaker && speaker.mode === 'interpreting' ? 'true' : 'false');
    for (const b of [ui.pauseTurn, ui.interpretTurn, ui.resetTimer, ui.endTurn]) b.disabled = !speaker;
    ui.undo.disabled = !canUndo;
    ui.undo.title = canUndo ? t('undo_what', { what: this.ctx.history.describe(canUndo, this.ctx.state) }) : t('nothing_to_undo');
    // "Now speaking: X" is no longer true once X's turn is over.
    const tag = this.ctx.status.tag;
    if (tag && tag.startsWith('turn:') && tag !== 'turn:' + (speaker && speaker.entry_id)) this.ctx.status.drop(tag);
    this.tick();
  }

  tick() {
    const { state, live } = this.ctx;
    const speaker = state.speaker;
    paintTimer(this.ui.timer, timerFace(speaker, live.sinceSpeaker(), state.forum.turn_seconds), t);
    setText(this.ui.speakerMode, speaker ? t('talk_this_turn', {
      mode: t('mode_' + speaker.mode),
      talk: mmss(turnTimes(speaker, live.sinceSpeaker()).talk),
      interp: mmss(speaker.interpreting_s),
    }) : '');
  }

  /** Pass the floor to the head of the queue; a hasty second "next" waits for a second press. */
  next() {
    const now = performance.now();
    const speaker = this.ctx.state.speaker;
    const young = speaker && this.ctx.live.serverNow() - speaker.started_at < YOUNG_TURN_S;
    const hasty = now - this.lastNextAt < REPEAT_MS || young;
    if (hasty && now > this.confirmUntil) {
      this.confirmUntil = now + CONFIRM_MS;
      this.ctx.status.say(t('confirm_next'), 'confirm');
      return;
    }
    this.confirmUntil = 0;
    this.ctx.status.drop('confirm');
    this.lastNextAt = now;
    this.giveFloor('next_speaker', {}, speaker);
  }

  /** Any other key or click answers "no" to a pending confirmation. */
  cancelConfirm() {
    if (!this.confirmUntil) return;
    this.confirmUntil = 0;
    this.ctx.status.drop('confirm');
  }

  /** next_speaker or start_turn: say who has the floor now, for as long as that stays true. */
  giveFloor(event, payload, previous = this.ctx.state.speaker) {
    this.ctx.act(event, payload).then((ack) => {
      if (!ack) return;
      if (ack.speaker) {
        this.ctx.history.note('TurnStarted', ack.speaker.label);
        this.ctx.status.say(t('next_is', { label: ack.speaker.label }), 'turn:' + ack.speaker.entry_id);
      } else {
        if (previous) this.ctx.history.note('TurnEnded', previous.label);
        this.ctx.status.say(t('next_none'));
      }
    });
  }

  /** Start: resume a speaker waiting with a stopped clock, or give the floor to the head of the queue. */
  start() {
    const speaker = this.ctx.state.speaker;
    if (speaker && speaker.mode !== 'speaking') this.ctx.act('resume_turn', {});
    else if (!speaker) this.giveFloor('start_turn', {});
  }

  pauseOrResume() {
    const speaker = this.ctx.state.speaker;
    if (speaker) this.ctx.act(speaker.mode === 'speaking' ? 'pause_turn' : 'resume_turn', {});
  }

  toggleInterpreting() {
    const speaker = this.ctx.state.speaker;
    if (speaker) this.ctx.act('interpret_turn', { on: speaker.mode !== 'interpreting' });
  }

  reset() {
    this.ctx.act('reset_timer', {});
  }

  end() {
    const speaker = this.ctx.state.speaker;
    this.ctx.act('end_turn', {}).then((ack) => { if (ack && speaker) this.ctx.history.note('TurnEnded', speaker.label); });
  }

  undo() {
    const { state, history } = this.ctx;
    const what = state.can_undo ? history.describe(state.can_undo, state) : '';
    this.ctx.act('undo', {}, (ack) => t('undone', { what: what || history.describe(ack.undone, state) }));
  }

  wire() {
    const ui = this.ui;
    ui.nextSpeaker.addEventListener('click', () => this.next());
    ui.startTurn.addEventListener('click', () => this.start());
    ui.pauseTurn.addEventListener('click', () => this.pauseOrResume());
    ui.interpretTurn.addEventListener('click', () => this.toggleInterpreting());
    ui.resetTimer.addEventListener('click', () => this.reset());
    ui.endTurn.addEventListener('click', () => this.end());
    ui.undo.addEventListener('click', () => this.undo());
  }
}
