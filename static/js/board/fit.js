/* Lists on the board show as many whole items as their panel holds: an item the screen would cut is left out. */
import { syncList } from '../lib/dom.js';

/** How many of `list`'s first children lie wholly inside `box` (its bottom edge, and the window's). */
export function wholeItems(list, box) {
  const bottom = Math.min(box.getBoundingClientRect().bottom, window.innerHeight) + 0.5;
  let n = 0;
  for (const child of list.children) {
    if (child.getBoundingClientRect().bottom > bottom) break;
    n += 1;
  }
  return n;
}

/** syncList with at most `max` items, then with only those that fit inside `box`. */
export function fitList(list, box, items, key, render, max) {
  const shown = items.slice(0, max);
  syncList(list, shown, key, render);
  const fits = wholeItems(list, box);
  if (fits < shown.length) syncList(list, shown.slice(0, fits), key, render);
  return Math.min(fits, shown.length);
}
