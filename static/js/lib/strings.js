/* Words on the pages: placeholders, plurals and language names. Pure, so Node tests import it. */

const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

/** "{n} votes" with {n} filled from vars; a placeholder without a value stays as it is. */
export function fill(text, vars) {
  if (!vars) return String(text);
  return String(text).replace(/\{(\w+)\}/g, (whole, name) => (own(vars, name) ? String(vars[name]) : whole));
}

/** A lookup over one page's strings: the key itself when the page has no such string. */
export function translator(strings) {
  return (key, vars) => fill(own(strings, key) ? strings[key] : key, vars);
}

/** Intl's locale for a page code: Dari is written as Persian of Afghanistan. */
export function intlLocale(pageLang) {
  return pageLang === 'prs' ? 'fa-AF' : pageLang;
}

/** A function naming a language code in the page's language, or null when Intl does not know it. */
export function localNamer(pageLang) {
  let names = null;
  try {
    names = new Intl.DisplayNames([intlLocale(pageLang), 'en'], { type: 'language', fallback: 'none' });
  } catch (e) {
    return () => null;
  }
  return (code) => {
    try {
      return names.of(code === 'prs' ? 'fa-AF' : code) || null;
    } catch (e) {
      return null;
    }
  };
}

/** "Tigrinya · ትግርኛ": the name in the reader's language, then in itself; once when they agree. */
export function languageLabel(code, native, local) {
  const names = [local, native].filter((name) => name && name !== code);
  if (names.length === 2 && names[0].toLowerCase() === names[1].toLowerCase()) return native;
  return names.length ? names.join(' · ') : code;
}
