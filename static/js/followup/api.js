/* The follow-up pages' shared pieces: JSON over HTTP (the session cookie carries the key), dates, names. */
import { el } from '../lib/dom.js';
import { intlLocale } from '../lib/strings.js';
import { pageLang, t } from '../lib/page.js';

/** A request to the follow-up API; resolves {ok, status, data}, rejects only when the server is unreachable. */
export async function api(url, { method = 'GET', body } = {}) {
  const options = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new Error(t('network'));
  }
  const data = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, data: data || {} };
}

/** Like api(), but an answer that is not ok throws its error text (said in the page's language). */
export async function call(url, options) {
  const result = await api(url, options);
  if (!result.ok) throw new Error(result.data.error || String(result.status));
  return result.data;
}

const locale = intlLocale(pageLang);

/** A day as the reader's language writes it (from seconds since the epoch, or a YYYY-MM-DD day). */
export function formatDay(value) {
  const date = typeof value === 'string' ? new Date(value + 'T12:00:00') : new Date(value * 1000);
  try {
    return date.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
  } catch (e) {
    return date.toISOString().slice(0, 10);
  }
}

export function formatTime(seconds) {
  try {
    return new Date(seconds * 1000).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  } catch (e) {
    return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
  }
}

/** Whole days from `since` (seconds, or a YYYY-MM-DD day) to `now` (seconds). */
export function daysSince(since, now) {
  const start = typeof since === 'string' ? new Date(since + 'T00:00:00').getTime() / 1000 : since;
  return Math.max(0, Math.floor((now - start) / 86400));
}

/** "for 12 days", "since today". */
export function durationText(days) {
  if (days === 0) return t('days_0');
  return days === 1 ? t('days_1') : t('days_n', { n: days });
}

export const votesText = (n) => t(n === 1 ? 'vote_one' : 'votes_n', { n });

/** Who made a change, as recorded (`by`): never a key, its name only. */
export function byText(by) {
  if (!by || by.role === 'moderator') return t('by_moderator');
  return t('by_team', { name: by.name || '?' });
}

/** A status as a badge: its name, a mark, and a colour (never the colour alone). */
export function statusBadge(status) {
  return el('span', { className: `status-badge status-${status}`, text: t('status_' + status) });
}
