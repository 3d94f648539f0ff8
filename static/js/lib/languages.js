/* Languages as the page names them: "Tigrinya · ትግርኛ", in the reader's language and in itself. */
import { el } from './dom.js';
import { languages, pageLang } from './page.js';
import { languageLabel, localNamer } from './strings.js';

const natives = new Map(languages);
const localName = localNamer(pageLang);

/** The name of a language in itself (Svenska, ትግርኛ), or the code. */
export const langName = (lang) => natives.get(lang) || lang || '';

/** The name in the page's language (Tigrinya on an English page), else in itself. */
export const langLocal = (lang) => localName(lang) || langName(lang);

/** "Tigrinya · ትግርኛ" (once where the two agree), for people who cannot read every script in the room. */
export const langLabel = (lang) => (lang ? languageLabel(lang, natives.get(lang), localName(lang)) : '');

/** The label as an element whose text is langLabel(lang), the name in itself marked with its language. */
export function langNode(lang, className, tag = 'span') {
  const local = localName(lang);
  const native = natives.get(lang);
  const label = langLabel(lang);
  const node = el(tag, { className, dir: 'auto' });
  if (local && native && label !== native && label !== local) {
    node.append(el('bdi', { text: local }), ' · ', el('bdi', { lang, text: native }));
  } else {
    node.append(el('bdi', { lang, text: label }));
  }
  return node;
}
