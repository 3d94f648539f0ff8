/* The moderator console: turn controls, queue, questions, fairness, suggestion moderation.
 * Everything works from the keyboard (keys.js); shortcuts never fire while typing in a field. */
import { byId, every, setText, show } from '../lib/dom.js';
import { Live } from '../lib/live.js';
import { code, config, t } from '../lib/page.js';
import { StatusLine } from '../lib/status.js';
import { Closing } from './closing.js';
import { Fairness } from './fairness.js';
import { History } from './history.js';
import { Keys } from './keys.js';
import { Moderation } from './moderation.js';
import { Questions } from './questions.js';
import { Queue } from './queue.js';
import { Room } from './room.js';
import { Settings } from './settings.js';
import { Turn } from './turn.js';

const ui = { banner: byId('conn-banner'), title: byId('forum-title'), pendingBadge: byId('pending-badge') };
const key = config.key || new URLSearchParams(window.location.search).get('key');

/** What every panel shares: the state, the connection, and `act` to send a moderator action. */
const ctx = {
  state: null,
  status: new StatusLine(byId('status')),
  history: new History(),
  act(event, payload, done) {
    return ctx.live.call(event, payload || {}).then((ack) => {
      const message = typeof done === 'function' ? done(ack) : done;
      if (message) ctx.status.say(message);
      return ack;
    }, (err) => {
      ctx.status.error(err);
      if (err.retryable) ctx.live.resync();
      return null;
    });
  },
};

ctx.live = new Live({
  code,
  role: 'moderator',
  words: { offline: t('offline'), no_answer: t('no_answer'), refused: t('refused') },
  joinExtra: () => (key ? { key } : {}),
  onState(state) {
    ctx.state = state;
    render();
  },
  onConnection: (joined) => show(ui.banner, !joined),
  onSettled: () => ctx.status.connected(),
  onError: (message) => ctx.status.error(message),
});

const panels = {
  turn: new Turn(ctx), queue: new Queue(ctx), questions: new Questions(ctx), settings: new Settings(ctx),
  fairness: new Fairness(ctx), moderation: new Moderation(ctx), closing: new Closing(ctx), room: new Room(ctx),
};
ctx.panels = panels;
new Keys(ctx, panels);

function render() {
  renderHeader();
  for (const panel of Object.values(panels)) panel.render();
}

function renderHeader() {
  const forum = ctx.state.forum;
  if (forum.title) {
    setText(ui.title, forum.title);
    document.title = forum.title;
  }
  const pending = ctx.state.moderation.pending_count;
  show(ui.pendingBadge, pending > 0);
  setText(ui.pendingBadge.querySelector('.label'), t('n_waiting', { n: pending }));
  ui.pendingBadge.classList.toggle('has-pending', pending > 0);
}

function hideKeyFromAddressBar() {
  if (!/[?&]key=/.test(window.location.search)) return;
  const params = new URLSearchParams(window.location.search);
  params.delete('key');
  const query = params.toString();
  history.replaceState(null, '', window.location.pathname + (query ? '?' + query : '') + window.location.hash);
}

hideKeyFromAddressBar();
ui.pendingBadge.addEventListener('click', (event) => {
  event.preventDefault();
  panels.moderation.showPending();
});
every(250, () => {
  if (!ctx.state) return;
  panels.turn.tick();
  panels.queue.tick();
});
