/* The projected board: question, who speaks, a big countdown, who is next, top suggestions, QR; its
 * headings and join instruction also in the board languages the console chose; a closed queue or box. */
import { byId, el, every, setText, show, userText } from './lib/dom.js';
import { Live } from './lib/live.js';
import { langLocal, langNode } from './lib/languages.js';
import { code, config, languages, pageLang, t } from './lib/page.js';
import { paintTimer, timerFace } from './lib/timer.js';
import { Controls } from './board/controls.js';
import { fitList } from './board/fit.js';
import { BoardLanguages, CYCLE_MS } from './board/languages.js';
import { TopSuggestions } from './board/suggestions.js';

const NEXT_COUNT = 10;

const ui = {
  body: document.body,
  board: byId('board'),
  banner: byId('conn-banner'),
  question: byId('question'),
  translations: byId('question-translations'),
  speakerLabel: byId('speaker-label'),
  speakerLang: byId('speaker-lang'),
  timer: byId('timer'),
  next: byId('next-speakers'),
  nextPanel: byId('next-panel'),
  nextEmpty: byId('next-empty'),
  questionPanel: byId('question-panel'),
  round: byId('round-note'),
  mode: byId('speaker-mode'),
  waiting: byId('waiting-langs'),
  queueClosed: byId('queue-closed-note'),
  suggestionsClosed: byId('suggestions-closed-note'),
};
const interpreters = ui.board.dataset.view === 'interpreters';

const board = { state: null, interpreters };
const controls = new Controls();
const suggestions = new TopSuggestions(board);
const boardLanguages = new BoardLanguages(document, config.board_words || {}, pageLang);

const live = new Live({
  code,
  role: 'board',
  words: { offline: t('offline'), no_answer: t('no_answer'), refused: t('refused') },
  onState(state) {
    board.state = state;
    render();
  },
  onConnection: (joined) => show(ui.banner, !joined),
  onError: (message) => console.warn('board:', message),
});

function render() {
  applyView();
  renderLanguages();
  renderQuestion();
  renderSpeaker();
  show(ui.round, board.state.round === 'first_timers');
  renderWaiting();
  renderNext();
  suggestions.schedule();
  renderTimer();
}

/** The moderator's board_view (both | queue | suggestions), or the interpreters' view from the URL. */
function applyView() {
  const forum = board.state.forum;
  const view = viewName();
  for (const name of ['both', 'queue', 'suggestions', 'interpreters']) ui.body.classList.toggle('view-' + name, name === view);
  if (forum.title) document.title = forum.title;
}

export function viewName() {
  return interpreters ? 'interpreters' : board.state.forum.board_view;
}
board.viewName = viewName;

/** The board languages beside the page's own, and whether phones may raise hands or write now. */
function renderLanguages() {
  const state = board.state;
  boardLanguages.set(state.forum.board_languages);
  show(ui.queueClosed, state.queue_open === false);
  show(ui.suggestionsClosed, !!state.voting && state.voting.suggestions_open === false);
}

function renderQuestion() {
  const q = board.state.question;
  setText(ui.question, q ? q.text : t('not_started'));
  ui.question.classList.toggle('is-long', !!q && q.text.length > 140);
  const translations = translationsOf(q);
  fitList(ui.translations, ui.questionPanel, translations, (tr) => tr.lang, (li, tr) => {
    li.setAttribute('lang', tr.lang);
    li.setAttribute('dir', 'auto');
    li.className = 'question-translation';
    setText(li, tr.text);
  }, translations.length);
}

/** A question's translations in the order of the language list. */
function translationsOf(q) {
  if (!q) return [];
  const rank = new Map(languages.map(([lang], i) => [lang, i]));
  return Object.keys(q.translations)
    .filter((lang) => q.translations[lang] && q.translations[lang] !== q.text)
    .sort((a, b) => (rank.has(a) ? rank.get(a) : 99) - (rank.has(b) ? rank.get(b) : 99))
    .map((lang) => ({ lang, text: q.translations[lang] }));
}

function renderSpeaker() {
  const speaker = board.state.speaker;
  ui.speakerLabel.classList.toggle('is-idle', !speaker);
  setText(ui.speakerLabel, speaker ? speaker.label : t('nobody_speaking'));
  const lang = (speaker && speaker.lang) || '';
  if (ui.speakerLang.dataset.lang !== lang) {
    ui.speakerLang.replaceChildren(...(lang ? [langNode(lang)] : []));
    ui.speakerLang.dataset.lang = lang;
  }
  controls.turnChanged(speaker);
}

function renderNext() {
  const queue = board.state.queue;
  fitList(ui.next, ui.nextPanel, queue, (e) => e.entry_id, renderNextEntry, NEXT_COUNT);
  show(ui.nextEmpty, queue.length === 0);
}

/** "Waiting, by language: 3 Arabic, 2 Somali": where interpreters will be needed. */
function renderWaiting() {
  const counts = new Map();
  for (const entry of board.state.queue) counts.set(entry.lang || '', (counts.get(entry.lang || '') || 0) + 1);
  const parts = [...counts].sort((a, b) => b[1] - a[1])
    .map(([lang, n]) => `${n} ${lang ? langLocal(lang) : t('lang_not_given')}`);
  setText(ui.waiting, parts.length ? t('waiting_by_lang') + ' ' + parts.join(', ') : '');
}

function renderNextEntry(li, entry, index) {
  li.replaceChildren(
    el('span', { className: 'next-pos', 'aria-hidden': 'true', text: String(index + 1) }),
    userText('bdi', entry.label, { className: 'next-label', title: entry.label }),
  );
  li.className = 'next-entry';
  if (entry.lang) li.append(langNode(entry.lang, 'next-lang'));
}

function renderTimer() {
  const state = board.state;
  if (!state) return;
  const face = timerFace(state.speaker, live.sinceSpeaker(), state.forum.turn_seconds);
  paintTimer(ui.timer, face, t);
  setText(ui.mode, state.speaker ? t('mode_' + state.speaker.mode) : '');
  controls.maybeChime(state.speaker, face.remaining);
}

every(250, renderTimer);
every(CYCLE_MS, () => boardLanguages.tick());
// Whatever changes a list's height after it was fitted (a font arriving late, the window) fits it again.
let refitting = false;
const resizes = new ResizeObserver(() => {
  if (refitting || !board.state) return;
  refitting = true;
  requestAnimationFrame(() => {
    refitting = false;
    render();
  });
});
resizes.observe(ui.next);
for (const id of ['top-suggestions', 'question-translations', 'board']) resizes.observe(byId(id));
