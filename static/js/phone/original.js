/* A translated text shows in the phone's own language first; the original (as it was written) is one tap
   away behind a toggle, and marked as the original when it shows. */
import { el, show, userText } from '../lib/dom.js';
import { t } from '../lib/page.js';

/** Show `toggle` where there is an original; `target` shows while the toggle is pressed open. */
export function syncOriginal(toggle, target, available) {
  const open = available && toggle.getAttribute('aria-expanded') === 'true';
  show(toggle, available);
  show(target, open);
  const word = t(open ? 'hide_original' : 'show_original');
  if (toggle.textContent !== word) toggle.textContent = word;
}

/** A suggestion's toggle and its original (both rebuilt on each render; `open` survives in the caller). */
export function originalParts(id, text, open, onToggle) {
  const target = `sg-original-${id}`;
  return [
    el('button', { type: 'button', className: 'original-toggle', 'aria-expanded': open ? 'true' : 'false',
      'aria-controls': target, text: t(open ? 'hide_original' : 'show_original'), on: { click: onToggle } }),
    el('p', { className: 'original suggestion-original', id: target, hidden: !open }, [
      el('span', { className: 'original-label', text: t('original') }), ' ', userText('span', text),
    ]),
  ];
}
