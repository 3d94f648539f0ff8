/* The board in the languages the console chose (forum.board_languages): the join instruction stacked,
 * one language a line, and the headings and the floor's states cycling through the languages, all in
 * step, so each keeps one line. Pure helpers first (Node tests import them), then the page's part. */

const RTL = new Set(['ar', 'fa', 'prs']);
export const CYCLE_MS = 5000;

/** A page language's direction. */
export const dirOf = (lang) => (RTL.has(lang) ? 'rtl' : 'ltr');

/** The chosen languages other than the page's own, in the order the moderator chose them. */
export function otherLanguages(chosen, pageLang) {
  return (chosen || []).filter((code, i, all) => code && code !== pageLang && all.indexOf(code) === i);
}

/** `key` in each of `langs` that has it, leaving out a text the same as the page's own. */
export function wordsIn(words, langs, key, own) {
  const seen = new Set([own]);
  const out = [];
  for (const lang of langs) {
    const text = (words[lang] || {})[key];
    if (!text || seen.has(text)) continue;
    seen.add(text);
    out.push({ lang, text });
  }
  return out;
}

/** The language the cycling texts show at `step`: the page's own, then each chosen one in turn. */
export function cycleLanguage(pageLang, others, step) {
  const all = [pageLang, ...others];
  return all[((step % all.length) + all.length) % all.length];
}

/** The board's texts in the chosen languages: `set(chosen)` on every state, `tick()` every CYCLE_MS. */
export class BoardLanguages {
  constructor(doc, words, pageLang) {
    this.doc = doc;
    this.words = words;
    this.pageLang = pageLang;
    this.others = [];
    this.step = 0;
    this.cycling = [...doc.querySelectorAll('.cycle-text[data-cycle]')];
    this.list = doc.getElementById('join-langs');
  }

  set(chosen) {
    const others = otherLanguages(chosen, this.pageLang).filter((lang) => this.words[lang]);
    if (others.join() === this.others.join()) return;
    this.others = others;
    this.step = 0;
    this.paintJoin();
    this.paintCycle();
  }

  tick() {
    if (!this.others.length) return;
    this.step += 1;
    this.paintCycle();
  }

  paintJoin() {
    const own = (this.words[this.pageLang] || {}).join;
    const items = wordsIn(this.words, this.others, 'join', own);
    this.list.replaceChildren(...items.map((w) => {
      const li = this.doc.createElement('li');
      const text = this.doc.createElement('bdi');
      text.lang = w.lang;
      text.dir = dirOf(w.lang);
      text.textContent = w.text;
      li.append(text);
      return li;
    }));
    this.list.hidden = items.length === 0;
    this.doc.body.classList.toggle('board-langs-on', items.length > 0);
  }

  paintCycle() {
    const lang = cycleLanguage(this.pageLang, this.others, this.step);
    const words = this.words[lang] || {};
    const own = this.words[this.pageLang] || {};
    for (const span of this.cycling) {
      const key = span.dataset.cycle;
      const text = words[key] || own[key];
      if (!text) continue;
      span.lang = words[key] ? lang : this.pageLang;
      span.dir = dirOf(span.lang);
      if (span.textContent !== text) span.textContent = text;
    }
  }
}
