/* What the template handed this page: its config, its strings, its languages. */
import { readJSON } from './dom.js';
import { translator } from './strings.js';

export const config = readJSON('page-config', {});
export const languages = readJSON('languages', []);
export const pageLang = document.documentElement.lang || 'en';
export const code = config.code || document.body.dataset.code || '';
export const t = translator(readJSON('i18n', {}));

/** "{n} votes" with a separate string for exactly one. */
export const votesText = (n) => t(n === 1 ? 'vote_one' : 'votes_n', { n });
