/* The console's current speaker: who, in which language, the countdown, and the turn's controls. */
import { byIds, clear, setText } from '../lib/dom.js';
import { langNode } from '../lib/languages.js';
import { t } from '../lib/page.js';
import { mmss, paintTimer, timerFace, turnTimes } from '../lib/timer.js';

export class Turn {
  constructor(ctx) {
    this.ctx = ctx;
    this.ui = byIds(`speaker-label speaker-lang timer speaker-mode next-speaker start-turn pause-turn
      interpret-turn reset-timer end-turn undo`);
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
    ui.undo.title = canUndo ? t('undo_what', { what: canUndo }) : t('nothing_to_undo');
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

  next() {
    this.ctx.act('next_speaker', {}, speakerMessage);
  }

  /** Start: resume a speaker waiting with a stopped clock, or give the floor to the head of the queue. */
  start() {
    const speaker = this.ctx.state.speaker;
    if (speaker && speaker.mode !== 'speaking') this.ctx.act('resume_turn', {});
    else if (!speaker) this.ctx.act('start_turn', {}, speakerMessage);
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
    this.ctx.act('end_turn', {});
  }

  undo() {
    this.ctx.act('undo', {}, (ack) => t('undone', { what: ack.undone || '' }));
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

export function speakerMessage(ack) {
  return ack.speaker ? t('next_is', { label: ack.speaker.label }) : t('next_none');
}
