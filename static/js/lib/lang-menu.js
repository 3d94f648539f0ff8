/* Every page's language menu: the page reloads in the chosen language as soon as it is picked
 * (the submit button stays for keyboards and for browsers without scripts). */
const form = document.getElementById('lang-menu');
const select = form && form.querySelector('select');
if (select) select.addEventListener('change', () => form.submit());
