/* The console's fairness panel (per person and per language group) and the recent speeches. */
import { byIds, el, setText, show, syncList, userText } from '../lib/dom.js';
import { langNode } from '../lib/languages.js';
import { t } from '../lib/page.js';
import { percent, speaksLess } from '../lib/room.js';
import { mmss } from '../lib/timer.js';

const SPEECHES_SHOWN = 15;

export class Fairness {
  constructor(ctx) {
    this.ctx = ctx;
    this.ui = byIds(`fair-distinct fair-first fair-top3 fair-total fair-people fair-empty speeches
      speeches-empty fair-langs fair-langs-box`);
  }

  render() {
    this.renderFigures(this.ctx.state.fairness);
    this.renderSpeeches(this.ctx.state.speeches);
  }

  renderFigures(fair) {
    const ui = this.ui;
    setText(ui.fairDistinct, String(fair.distinct_speakers));
    setText(ui.fairFirst, String(fair.first_time_speakers));
    setText(ui.fairTop3, t('share', { n: Math.round(fair.top3_share * 100) }));
    setText(ui.fairTotal, mmss(fair.total_talk_s));
    const people = fair.people; // most talk time first
    const max = people.reduce((m, p) => Math.max(m, p.talk_s), 0);
    syncList(ui.fairPeople, people, (p) => p.person, (li, p) => renderPerson(li, p, max));
    show(ui.fairEmpty, people.length === 0);
    this.renderLanguages(fair.language_groups || []);
  }

  /** Per language spoken from the floor: talk share against hand share and phone share. */
  renderLanguages(groups) {
    const body = this.ui.fairLangs.tBodies[0];
    syncList(body, groups, (g) => g.lang || '-', (tr, g) => {
      const less = speaksLess(g);
      tr.className = less ? 'is-behind' : '';
      tr.replaceChildren(
        el('th', { scope: 'row' }, [g.lang ? langNode(g.lang, 'fair-lang') : t('lang_not_given'),
          less ? el('span', { className: 'badge badge-behind', text: '⚠ ' + t('speaks_less') }) : null]),
        el('td', { text: t('share', { n: percent(g.talk_share) }) }),
        el('td', { text: t('share', { n: percent(g.hand_share) }) }),
        el('td', { text: t('share', { n: percent(g.phone_share) }) }),
        el('td', { text: String(g.waiting) }),
      );
    }, { tag: 'tr' });
    show(this.ui.fairLangsBox, groups.length > 0);
  }

  renderSpeeches(speeches) {
    const shown = speeches.slice(-SPEECHES_SHOWN).reverse();
    this.ui.speeches.replaceChildren(...shown.map((s) => el('li', {}, [
      userText('bdi', s.label),
      ' · ',
      s.lang ? langNode(s.lang, 'speech-meta') : null,
      el('span', { className: 'speech-meta', text: (s.lang ? ' · ' : '') + t('question_n', { n: s.question + 1 }) + ' · ' + mmss(s.duration_s) }),
    ])));
    show(this.ui.speechesEmpty, shown.length === 0);
  }
}

function renderPerson(li, person, max) {
  const width = max > 0 ? Math.max(1, Math.round(person.talk_s / max * 100)) : 0;
  li.className = 'fair-person';
  const fill = el('div', { className: 'bar-fill' });
  fill.style.inlineSize = width + '%';
  li.replaceChildren(
    el('div', { className: 'fair-line' }, [
      userText('bdi', person.label, { className: 'fair-label' }),
      el('span', { className: 'fair-figures', text: t('person_line', { talk: mmss(person.talk_s), turns: person.turns, wait: mmss(person.wait_s) }) }),
    ]),
    el('div', { className: 'bar', 'aria-hidden': 'true' }, [fill]),
  );
}
