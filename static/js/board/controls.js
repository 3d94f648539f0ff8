/* The board operator's few controls: a chime at the end of a turn, high contrast, a blank screen. */
import { byId, isTyping, setText } from '../lib/dom.js';
import { t } from '../lib/page.js';
import { load, save } from '../lib/storage.js';

const CONTRAST_KEY = 'ff_board_contrast';
const HIDE_MS = 4000;

export class Controls {
  constructor() {
    this.ui = {
      body: document.body, blank: byId('blank'), controls: byId('board-controls'),
      sound: byId('sound-toggle'), contrast: byId('contrast-toggle'), blankToggle: byId('blank-toggle'),
    };
    this.chime = { ctx: null, on: false, lastRemaining: null, entry: null };
    this.hideTimer = null;
    this.wire();
  }

  /** A new turn (or none): the chime waits for this turn's end. */
  turnChanged(speaker) {
    const entry = speaker ? speaker.entry_id : null;
    if (entry === this.chime.entry) return;
    this.chime.entry = entry;
    this.chime.lastRemaining = null;
  }

  toggleSound() {
    const chime = this.chime;
    if (!chime.ctx) chime.ctx = new AudioContext();
    chime.on = !chime.on;
    if (chime.on) {
      chime.ctx.resume();
      this.beep(660, 0, 0.15);
    }
    this.ui.sound.setAttribute('aria-pressed', chime.on ? 'true' : 'false');
    setText(this.ui.sound.querySelector('.label'), chime.on ? t('sound_on') : t('sound_off'));
  }

  maybeChime(speaker, remaining) {
    const chime = this.chime;
    const crossed = chime.lastRemaining != null && chime.lastRemaining > 0 && remaining <= 0;
    chime.lastRemaining = speaker ? remaining : null;
    if (crossed && chime.on && speaker.mode === 'speaking') {
      this.beep(880, 0, 0.3);
      this.beep(660, 0.4, 0.5);
    }
  }

  beep(freq, startIn, length) {
    const ctx = this.chime.ctx;
    const start = ctx.currentTime + startIn;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.4, start + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(start);
    osc.stop(start + length + 0.05);
  }

  toggleBlank(force) {
    const ui = this.ui;
    const on = typeof force === 'boolean' ? force : ui.blank.hidden;
    ui.blank.hidden = !on;
    ui.body.classList.toggle('is-blank', on);
    ui.blankToggle.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  toggleContrast(force) {
    const ui = this.ui;
    const on = typeof force === 'boolean' ? force : !ui.body.classList.contains('high-contrast');
    ui.body.classList.toggle('high-contrast', on);
    ui.contrast.setAttribute('aria-pressed', on ? 'true' : 'false');
    save(CONTRAST_KEY, on ? '1' : '0');
  }

  onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
    const key = event.key.toLowerCase();
    if (key === 'tab') {
      this.reveal();
      return;
    }
    if (key === 'b') this.toggleBlank();
    else if (key === 'c') this.toggleContrast();
    else if (key === 's') this.toggleSound();
    else if (key === 'escape' && !this.ui.blank.hidden) this.toggleBlank(false);
    else return;
    event.preventDefault();
  }

  /** The few operator buttons show while the mouse moves or Tab is used, and while they hold focus. */
  reveal() {
    this.ui.body.classList.add('show-controls');
    window.clearTimeout(this.hideTimer);
    this.hideTimer = window.setTimeout(() => this.hide(), HIDE_MS);
  }

  hide() {
    if (this.ui.controls.contains(document.activeElement)) {
      this.hideTimer = window.setTimeout(() => this.hide(), HIDE_MS);
      return;
    }
    this.ui.body.classList.remove('show-controls');
  }

  wire() {
    const ui = this.ui;
    this.toggleContrast(load(CONTRAST_KEY) === '1');
    ui.sound.addEventListener('click', () => this.toggleSound());
    ui.contrast.addEventListener('click', () => this.toggleContrast());
    ui.blankToggle.addEventListener('click', () => this.toggleBlank());
    ui.blank.addEventListener('click', () => this.toggleBlank(false));
    document.addEventListener('keydown', (event) => this.onKey(event));
    document.addEventListener('mousemove', () => this.reveal());
  }
}
