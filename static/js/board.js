/* The projected board: question, who speaks, a big countdown, who is next, top suggestions, QR. */
import { byId, el, every, setText, show, syncList, userText } from './lib/dom.js';
import { Live } from './lib/live.js';
import { langNode } from './lib/languages.js';
import { code, languages, t } from './lib/page.js';
import { paintTimer, timerFace } from './lib/timer.js';
import { Controls } from './board/controls.js';
import { TopSuggestions } from './board/suggestions.js';

const NEXT_COUNT = 5;

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
  nextEmpty: byId('next-empty'),
};
const interpreters = ui.board.dataset.view === 'interpreters';

const board = { state: null, interpreters };
const controls = new Controls();
const suggestions = new TopSuggestions(board);

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
  renderQuestion();
  renderSpeaker();
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

function renderQuestion() {
  const q = board.state.question;
  setText(ui.question, q ? q.text : t('not_started'));
  ui.question.classList.toggle('is-long', !!q && q.text.length > 140);
  syncList(ui.translations, translationsOf(q), (tr) => tr.lang, (li, tr) => {
    li.setAttribute('lang', tr.lang);
    li.setAttribute('dir', 'auto');
    li.className = 'question-translation';
    setText(li, tr.text);
  });
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
  const queue = board.state.queue.slice(0, NEXT_COUNT);
  syncList(ui.next, queue, (e) => e.entry_id, renderNextEntry);
  show(ui.nextEmpty, queue.length === 0);
}

function renderNextEntry(li, entry, index) {
  li.replaceChildren(
    el('span', { className: 'next-pos', 'aria-hidden': 'true', text: String(index + 1) }),
    userText('bdi', entry.label, { className: 'next-label' }),
  );
  li.className = 'next-entry';
  if (entry.lang) li.append(langNode(entry.lang, 'next-lang'));
}

function renderTimer() {
  const state = board.state;
  if (!state) return;
  const face = timerFace(state.speaker, live.sinceSpeaker(), state.forum.turn_seconds);
  paintTimer(ui.timer, face, t);
  controls.maybeChime(state.speaker, face.remaining);
}

every(250, renderTimer);
