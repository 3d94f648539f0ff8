/* The console's hall: joining open or closed, phones joined and voted against the people the moderator
 * counted (the integrity figure). */
import { byIds, setText } from '../lib/dom.js';
import { t } from '../lib/page.js';
import { integrity } from '../lib/room.js';

export class Room {
  constructor(ctx) {
    this.ctx = ctx;
    this.ui = byIds('joining-toggle room-phones room-voters room-present room-integrity');
    this.ui.joiningToggle.addEventListener('click', () => this.toggleJoining());
    this.ui.roomPresent.addEventListener('change', () => this.savePresent());
    this.ui.roomPresent.addEventListener('keydown', (event) => { if (event.key === 'Enter') event.target.blur(); });
  }

  render() {
    const room = this.ctx.state.room;
    if (!room) return;
    const ui = this.ui;
    const open = room.joining_open;
    ui.joiningToggle.setAttribute('aria-pressed', open ? 'true' : 'false');
    setText(ui.joiningToggle.querySelector('.label'), open ? t('joining_open') : t('joining_closed'));
    const figure = integrity(room);
    setText(ui.roomPhones, String(figure.phones));
    setText(ui.roomVoters, String(figure.voters));
    if (document.activeElement !== ui.roomPresent) ui.roomPresent.value = figure.present ? String(figure.present) : '';
    const lines = figure.present ? [t('integrity', figure)] : [t('integrity_uncounted')];
    if (figure.excess) lines.push(t('integrity_excess', { n: figure.excess }));
    setText(ui.roomIntegrity, lines.join(' '));
    ui.roomIntegrity.classList.toggle('is-warning', figure.excess > 0);
  }

  toggleJoining() {
    const open = !this.ctx.state.room.joining_open;
    this.ctx.act('set_joining', { open }, open ? t('joining_opened') : t('joining_closed_said'));
  }

  savePresent() {
    const input = this.ui.roomPresent;
    if (!input.checkValidity()) {
      this.ctx.status.error(input.validationMessage || t('refused'));
      return;
    }
    const present = input.value === '' ? 0 : Number(input.value);
    this.ctx.act('set_attendance', { present }, t('present_saved', { n: present }));
  }
}
