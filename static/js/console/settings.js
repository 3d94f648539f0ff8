/* The console's forum settings: each field is saved as soon as it changes. */
import { byId } from '../lib/dom.js';
import { t } from '../lib/page.js';

export class Settings {
  constructor(ctx) {
    this.ctx = ctx;
    this.form = byId('settings');
    this.form.addEventListener('change', (event) => this.save(event.target));
    this.form.addEventListener('submit', (event) => event.preventDefault());
  }

  render() {
    const forum = this.ctx.state.forum;
    for (const input of this.form.elements) {
      if (!input.name || !(input.name in forum) || input === document.activeElement) continue;
      if (input.type === 'checkbox') input.checked = !!forum[input.name];
      else input.value = forum[input.name] == null ? '' : String(forum[input.name]);
    }
  }

  save(input) {
    if (!input.name) return;
    let value = input.type === 'checkbox' ? input.checked : input.value;
    if (input.type === 'number') {
      if (input.value === '' || !input.checkValidity()) {
        this.ctx.status.error(input.validationMessage || t('refused'));
        return;
      }
      value = Number(input.value);
    }
    this.ctx.act('update_settings', { [input.name]: value }, t('saved'));
  }
}
