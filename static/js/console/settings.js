/* The console's forum settings: each field is saved as soon as it changes; the board languages are
 * offered with the phones' own languages first. */
import { byIds, el, setText, syncList } from '../lib/dom.js';
import { langLabel } from '../lib/languages.js';
import { languages, t } from '../lib/page.js';
import { offeredLanguages, suggestedLanguages, toggleLanguage } from '../lib/room.js';

const PAGE_CODES = languages.map(([code]) => code);

export class Settings {
  constructor(ctx) {
    this.ctx = ctx;
    this.ui = byIds('settings board-lang-list board-lang-suggest');
    this.form = this.ui.settings;
    this.form.addEventListener('change', (event) => this.save(event.target));
    this.form.addEventListener('submit', (event) => event.preventDefault());
    this.ui.boardLangList.addEventListener('change', (event) => this.toggleBoardLanguage(event.target));
    this.ui.boardLangSuggest.addEventListener('click', () => this.useSuggested());
  }

  render() {
    const forum = this.ctx.state.forum;
    for (const input of this.form.elements) {
      if (!input.name || !(input.name in forum) || input === document.activeElement) continue;
      if (input.type === 'checkbox') input.checked = !!forum[input.name];
      else input.value = forum[input.name] == null ? '' : String(forum[input.name]);
    }
    this.renderBoardLanguages(forum.board_languages || []);
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

  roomLanguages() {
    return (this.ctx.state.room && this.ctx.state.room.languages) || [];
  }

  renderBoardLanguages(chosen) {
    const offered = offeredLanguages(PAGE_CODES, this.roomLanguages());
    syncList(this.ui.boardLangList, offered, (l) => l.code, (li, l) => {
      const id = 'board-lang-' + l.code;
      let box = li.querySelector('input');
      if (!box) {
        box = el('input', { type: 'checkbox', id, value: l.code });
        li.replaceChildren(box, el('label', { for: id }, [el('bdi', { dir: 'auto', text: langLabel(l.code) }),
          el('span', { className: 'count' })]));
      }
      box.checked = chosen.includes(l.code);
      setText(li.querySelector('.count'), l.phones ? ' · ' + t('phones_n', { n: l.phones }) : '');
    });
    const suggested = suggestedLanguages(this.roomLanguages(), PAGE_CODES);
    const same = suggested.join() === chosen.join();
    setText(this.ui.boardLangSuggest, suggested.length
      ? t('board_langs_suggest', { langs: suggested.map(langLabel).join(', ') }) : t('board_langs_none'));
    this.ui.boardLangSuggest.disabled = !suggested.length || same;
  }

  toggleBoardLanguage(box) {
    const chosen = this.ctx.state.forum.board_languages || [];
    const next = toggleLanguage(chosen, box.value, box.checked);
    if (!next) {
      box.checked = false;
      this.ctx.status.error(t('board_langs_max'));
      return;
    }
    this.ctx.act('update_settings', { board_languages: next }, t('saved'));
  }

  useSuggested() {
    const suggested = suggestedLanguages(this.roomLanguages(), PAGE_CODES);
    if (suggested.length) this.ctx.act('update_settings', { board_languages: suggested }, t('saved'));
  }
}
