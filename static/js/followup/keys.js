/* Core-team keys (the moderator's page): make one (shown once), list them, revoke one. */
import { byId, byIds, el, setText, show, userText } from '../lib/dom.js';
import { t } from '../lib/page.js';
import { StatusLine } from '../lib/status.js';
import { call, formatDay } from './api.js';

const ui = byIds('key-form key-name key-error new-key new-key-for new-key-value keys keys-body keys-empty');
const status = new StatusLine(byId('status'));

function row(key) {
  const revoke = el('button', { type: 'button', className: 'button-small button-danger', text: t('revoke'),
    'aria-label': t('revoke_named', { name: key.name }), on: { click: () => revokeKey(key) } });
  return el('tr', {}, [
    el('th', { scope: 'row' }, [userText('bdi', key.name)]),
    el('td', { text: t('made_by', { day: formatDay(key.created_at), who: key.created_by }) }),
    el('td', { text: key.revoked_at ? t('revoked', { day: formatDay(key.revoked_at) }) : t('in_use') }),
    el('td', {}, [key.revoked_at ? null : revoke]),
  ]);
}

async function load() {
  const data = await call('/api/keys');
  ui.keysBody.replaceChildren(...data.keys.map(row));
  show(ui.keys, data.keys.length > 0);
  show(ui.keysEmpty, data.keys.length === 0);
}

async function addKey(event) {
  event.preventDefault();
  setText(ui.keyError, '');
  try {
    const made = await call('/api/keys', { method: 'POST', body: { name: ui.keyName.value } });
    setText(ui.newKeyFor, t('key_for', { name: made.name }));
    setText(ui.newKeyValue, made.key);
    show(ui.newKey, true);
    ui.keyForm.reset();
    await load();
    ui.newKey.focus();
  } catch (e) {
    setText(ui.keyError, e.message);
  }
}

async function revokeKey(key) {
  try {
    await call(`/api/keys/${key.id}/revoke`, { method: 'POST', body: {} });
    status.say(t('revoked_now', { name: key.name }));
    await load();
  } catch (e) {
    status.error(e.message);
  }
}

ui.keyForm.addEventListener('submit', addKey);
load().catch((e) => status.error(e.message));
