/* DOM helpers shared by the pages. User text only ever goes in with textContent. */

export const byId = (id) => document.getElementById(id);

/** 'queue queue-count' -> {queue: element, queueCount: element}: a panel's elements, named for their ids. */
export function byIds(ids) {
  const camel = (id) => id.replace(/-(\w)/g, (dash, letter) => letter.toUpperCase());
  return Object.fromEntries(ids.split(/\s+/).filter(Boolean).map((id) => [camel(id), byId(id)]));
}

/** The JSON a template put in <script type="application/json" id=...>, or `fallback`. */
export function readJSON(id, fallback) {
  const node = byId(id);
  if (!node) return fallback;
  try {
    const value = JSON.parse(node.textContent);
    return value == null ? fallback : value;
  } catch (e) {
    return fallback;
  }
}

/** Build an element. props: text, className, on {event: fn}, any other attribute. */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'className') node.className = value;
    else if (key === 'on') for (const [name, fn] of Object.entries(value)) node.addEventListener(name, fn);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child == null || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** An element holding user text: textContent only, direction decided by the text itself. */
export function userText(tag, text, props = {}) {
  return el(tag, { dir: 'auto', ...props, text: text == null ? '' : text });
}

/** Set text only when it differs, so live regions do not re-announce. */
export function setText(node, text) {
  const value = text == null ? '' : String(text);
  if (node && node.textContent !== value) node.textContent = value;
}

export function clear(node) {
  node.replaceChildren();
}

export function show(node, visible) {
  if (node) node.hidden = !visible;
}

export function cssEscape(value) {
  return CSS.escape(String(value));
}

/**
 * Keep a list's children in step with items, reusing nodes by key so focus and animations
 * survive. render(li, item, index) fills a node; skip(item, li) leaves a node's content alone.
 */
export function syncList(list, items, key, render, { tag = 'li', skip = null } = {}) {
  const focus = rememberFocus(list);
  const old = new Map();
  for (const child of list.children) {
    if (child.hasAttribute('data-key')) old.set(child.getAttribute('data-key'), child);
  }
  items.forEach((item, index) => {
    const k = String(key(item));
    let node = old.get(k);
    old.delete(k);
    if (!node) {
      node = el(tag, { 'data-key': k });
      render(node, item, index);
    } else if (!(skip && skip(item, node))) {
      render(node, item, index);
    }
    const here = list.children[index];
    if (here !== node) list.insertBefore(node, here || null);
  });
  for (const node of old.values()) node.remove();
  restoreFocus(list, focus);
}

function rememberFocus(container) {
  const active = document.activeElement;
  if (!active || !container.contains(active)) return null;
  const item = active.closest('[data-key]');
  return item ? { key: item.getAttribute('data-key'), action: active.getAttribute('data-action') } : null;
}

function restoreFocus(container, focus) {
  if (!focus || container.contains(document.activeElement)) return;
  const item = container.querySelector(`[data-key="${cssEscape(focus.key)}"]`);
  if (!item) return;
  const target = focus.action ? item.querySelector(`[data-action="${cssEscape(focus.action)}"]`) : item;
  if (target && !target.disabled) target.focus();
}

/** True when a key press happens inside something the user types into. */
export function isTyping(event) {
  const target = event.target;
  if (!target || !target.tagName) return false;
  const tag = target.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || target.isContentEditable) return true;
  if (tag !== 'input') return false;
  const type = (target.getAttribute('type') || 'text').toLowerCase();
  return !['button', 'submit', 'reset', 'checkbox', 'radio'].includes(type);
}

export function prefersReducedMotion() {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Call fn every `ms` (for timers); returns a stop function. */
export function every(ms, fn) {
  const id = window.setInterval(fn, ms);
  return () => window.clearInterval(id);
}
