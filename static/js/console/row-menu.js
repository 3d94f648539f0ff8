/* The queue's row menu: give the floor, move up or down, remove; one popover, placed by the row's ⋯ button. */
import { byId, setText } from '../lib/dom.js';
import { t } from '../lib/page.js';

export class RowMenu {
  constructor(queue) {
    this.queue = queue;
    this.node = byId('entry-menu');
    this.entryId = null;
    this.opener = null;
    this.node.addEventListener('click', (event) => this.choose(event));
    this.node.addEventListener('toggle', (event) => {
      if (event.newState === 'closed') this.closed();
    });
  }

  open(entryId, opener) {
    this.entryId = entryId;
    this.opener = opener;
    this.refresh();
    this.node.showPopover();
    const box = opener.getBoundingClientRect();
    const menu = this.node.getBoundingClientRect();
    const top = box.bottom + menu.height > window.innerHeight ? box.top - menu.height : box.bottom;
    this.node.style.top = Math.max(0, top) + 'px';
    this.node.style.left = Math.max(0, Math.min(window.innerWidth - menu.width, box.right - menu.width)) + 'px';
    this.node.querySelector('button:not(:disabled)').focus();
  }

  /** Keep the menu's words in step with its row; close it when the row is gone. */
  refresh() {
    if (this.entryId == null) return;
    const entries = this.queue.entries;
    const index = entries.findIndex((e) => e.entry_id === this.entryId);
    if (index < 0) {
      if (this.node.matches(':popover-open')) this.node.hidePopover();
      return;
    }
    const label = entries[index].label;
    setText(byId('entry-menu-label'), label);
    const button = (action) => this.node.querySelector(`[data-action="${action}"]`);
    setText(button('floor'), t('give_floor_to', { label }));
    setText(button('up'), t('move_up', { label }));
    setText(button('down'), t('move_down', { label }));
    setText(button('remove'), t('remove', { label }));
    button('up').disabled = index === 0;
    button('down').disabled = index === entries.length - 1;
  }

  choose(event) {
    const button = event.target.closest('button[data-action]');
    if (!button || this.entryId == null) return;
    const id = this.entryId;
    const action = button.dataset.action;
    this.node.hidePopover();
    if (action === 'floor') this.queue.giveFloor(id);
    else if (action === 'up') this.queue.move(id, -1);
    else if (action === 'down') this.queue.move(id, 1);
    else if (action === 'remove') this.queue.remove(id);
  }

  closed() {
    const lost = document.activeElement === document.body || this.node.contains(document.activeElement);
    if (lost && this.opener && this.opener.isConnected) this.opener.focus();
    this.entryId = null;
  }
}
