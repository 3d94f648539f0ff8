/* The hall in figures: the integrity figure, the board languages to suggest, the language groups
 * that speak less than they ask. Pure, so Node tests import it. */

export const MAX_BOARD_LANGUAGES = 4;
const GAP = 0.15;          // a group whose talk share trails its hand share by this much is flagged
const MIN_HANDS = 2;       // ... once it has raised at least this many hands

/** Phones against the people the moderator counted: voters' share of those present, and whether
 * there are more phones than people (fresh identities, or phones of people who left). */
export function integrity(room) {
  const present = room.present || 0;
  return {
    present,
    phones: room.phones || 0,
    voters: room.voters || 0,
    share: present > 0 ? Math.round((room.voters || 0) / present * 100) : null,
    excess: present > 0 && (room.phones || 0) > present ? room.phones - present : 0,
  };
}

/** The languages the phones read, most used first, that are page languages: the board's suggestion. */
export function suggestedLanguages(roomLanguages, pageCodes, max = MAX_BOARD_LANGUAGES) {
  const known = new Set(pageCodes);
  return (roomLanguages || []).filter((l) => known.has(l.lang) && l.phones > 0).map((l) => l.lang).slice(0, max);
}

/** The page languages in the order to offer them: those the phones use first (most phones first). */
export function offeredLanguages(pageCodes, roomLanguages) {
  const phones = new Map((roomLanguages || []).map((l) => [l.lang, l.phones]));
  return pageCodes.map((code, i) => ({ code, phones: phones.get(code) || 0, i }))
    .sort((a, b) => b.phones - a.phones || a.i - b.i)
    .map(({ code, phones: n }) => ({ code, phones: n }));
}

/** Toggle `code` in the chosen board languages, keeping at most `max`; null when that would exceed it. */
export function toggleLanguage(chosen, code, on, max = MAX_BOARD_LANGUAGES) {
  const list = (chosen || []).filter((c) => c !== code);
  if (!on) return list;
  return list.length >= max ? null : [...list, code];
}

/** Whether a language group speaks clearly less than it asks for the floor. */
export function speaksLess(group) {
  return group.hands >= MIN_HANDS && group.talk_share + GAP <= group.hand_share;
}

/** A share 0-1 as a whole percent. */
export const percent = (share) => Math.round((share || 0) * 100);
