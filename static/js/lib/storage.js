/* The browser's local storage, which private modes may refuse: the page keeps going without it. */

export function load(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (e) {
    return null;
  }
}

export function save(key, value) {
  try {
    window.localStorage.setItem(key, value);
  } catch (e) { /* private mode: keep going */ }
}
