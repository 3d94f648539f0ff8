/* The participant's phone page: question, who speaks, raise or lower a hand, suggestions and votes. */
import { byId, byIds, clear, el, every, setText, show, userText } from './lib/dom.js';
import { Live } from './lib/live.js';
import { langNode } from './lib/languages.js';
import { code, pageLang, t } from './lib/page.js';
import { StatusLine } from './lib/status.js';
import { paintTimer, timerFace } from './lib/timer.js';
import { load, save } from './lib/storage.js';
import { syncOriginal } from './phone/original.js';
import { Hand } from './phone/hand.js';
import { Compose } from './phone/compose.js';
import { Suggestions } from './phone/suggestions.js';

const TOKEN_KEY = 'ff_token_' + code;

const storage = { get: load, set: save };

const ui = byIds(`conn-banner forum-title question question-original question-original-text question-original-toggle
  speaker-now my-timer name-form my-name me-label name-where join-refused join-refused-text join-retry`);

const status = new StatusLine(byId('status'));
const page = { state: null, status, storage, render, failed, refused: false };

page.live = new Live({
  code,
  role: 'participant',
  words: { offline: t('offline'), no_answer: t('no_answer'), refused: t('refused') },
  joinExtra() {
    const token = storage.get(TOKEN_KEY);
    return token ? { token } : {};
  },
  onJoined(ack) {
    if (ack.token) storage.set(TOKEN_KEY, ack.token);
    refuse(null);
  },
  onJoinRefused: (message) => refuse(message),
  onState(state, push) {
    if (state.forum && state.forum.ended) {
      window.location.reload(); // the forum is over: the join link now shows what became of it
      return;
    }
    page.state = state;
    if (push.full) suggestions.forgetOrder();
    render();
  },
  onNotice: (notice) => hand.notice(notice),
  onConnection: (joined) => show(ui.connBanner, !joined && !page.refused),
  onSettled: () => status.connected(),
  onError: (message) => status.error(message),
});

const hand = new Hand(page);
const suggestions = new Suggestions(page);
const compose = new Compose(page);
let closing = null;      // the closing round: its module and style load once the round first opens
let closingLoading = false;

function render() {
  const state = page.state;
  const me = state.me || {};
  renderMe(me);
  renderTitle(state.forum || {});
  renderQuestion(state.question);
  renderSpeaker(state.speaker, hand.isSpeaking(me));
  hand.render(me);
  tickMyTimer();
  renderName(me, state.forum || {});
  suggestions.render(me);
  compose.render(me);
  renderClosing(state, me);
}

function renderTitle(forum) {
  if (!forum.title) return;
  setText(ui.forumTitle, forum.title);
  document.title = forum.title;
}

/** The question in the phone's language where it has been translated; the original on request. */
function renderQuestion(q) {
  const translation = q && q.translations[pageLang];
  const translated = !!translation && translation !== q.text;
  setText(ui.question, translated ? translation : q ? q.text : t('not_started'));
  if (translated) ui.question.setAttribute('lang', pageLang);
  else ui.question.removeAttribute('lang');
  setText(ui.questionOriginalText, translated ? q.text : '');
  syncOriginal(ui.questionOriginalToggle, ui.questionOriginal, translated);
}

ui.questionOriginalToggle.addEventListener('click', () => {
  const open = ui.questionOriginalToggle.getAttribute('aria-expanded') !== 'true';
  ui.questionOriginalToggle.setAttribute('aria-expanded', String(open));
  renderQuestion(page.state && page.state.question);
});

function renderSpeaker(speaker, mine) {
  clear(ui.speakerNow);
  if (!speaker) {
    ui.speakerNow.textContent = t('nobody_speaking');
    return;
  }
  if (mine) ui.speakerNow.append(el('strong', { className: 'you-speak', text: t('you_are_speaking') }), ' ');
  ui.speakerNow.append(userText('bdi', speaker.label, { className: 'speaker-label' }));
  if (speaker.lang) {
    ui.speakerNow.append(' · ', langNode(speaker.lang, 'lang-tag'));
  }
}

/** "You are P10" (or the name this phone gave): what the board and the queue call this phone. */
function renderMe(me) {
  const label = me.name || me.person;
  show(ui.meLabel, !!label);
  if (!label || ui.meLabel.dataset.label === label) return;
  const [before, after] = t('me_label').split('{label}');
  ui.meLabel.replaceChildren(before || '', userText('bdi', label), after || '');
  ui.meLabel.dataset.label = label;
}

/** The speaker's own countdown, on the phone in their hand. */
function tickMyTimer() {
  const state = page.state;
  const mine = !!state && !!(state.me || {}).speaking && !!state.speaker;
  show(ui.myTimer, mine);
  if (mine) paintTimer(ui.myTimer, timerFace(state.speaker, page.live.sinceSpeaker(), state.forum.turn_seconds), t);
}

/** The name field says where a name goes: to the moderator, on the board only if the forum shows names. */
function renderName(me, forum) {
  if (document.activeElement !== ui.myName && !ui.myName.value && me.name) ui.myName.value = me.name;
  for (const span of ui.nameWhere.querySelectorAll('[data-names]')) {
    span.hidden = span.dataset.names !== (forum.names_on_board ? 'on' : 'off');
  }
}

function saveName(event) {
  event.preventDefault();
  const name = ui.myName.value.trim();
  page.live.call('set_name', { name }).then(() => {
    status.say(name ? t('name_saved') : t('name_saved_empty'));
  }, failed);
}

/** Joining closed (or the forum gone): a card that stays, in the page's language, instead of the live page. */
function refuse(message) {
  page.refused = !!message;
  document.body.classList.toggle('is-refused', page.refused);
  setText(ui.joinRefusedText, message || '');
  show(ui.joinRefused, page.refused);
  if (page.refused) show(ui.connBanner, false);
}

/** The closing round is for the end of the night: a phone's first load does without its code and style. */
function renderClosing(state, me) {
  if (closing) closing.render(state, me);
  if (closing || closingLoading || !(state.closing && state.closing.open)) return;
  closingLoading = true;
  const link = el('link', { rel: 'stylesheet', href: '/static/css/closing.css' });
  const styled = new Promise((resolve) => { link.onload = resolve; link.onerror = resolve; });
  document.head.append(link);
  Promise.all([import('./phone/closing.js'), styled]).then(([module]) => {
    closing = new module.ClosingRound(page);
    render();
  }, () => { closingLoading = false; });
}

/** A refused or unanswered action: say why; if unanswered, fetch the truth from the server. */
function failed(err) {
  status.error(err);
  if (err.retryable) page.live.resync();
}

ui.nameForm.addEventListener('submit', saveName);
ui.joinRetry.addEventListener('click', () => page.live.join());
every(500, tickMyTimer);
