// Every action asks first, in a modal <dialog>; an optional number field serves "scale to N".
const $ = id => document.getElementById(id);

/** Resolves to true (or the number entered) when the user confirms, to null when they cancel. */
export function confirmAction(text, { number } = {}) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  const input = $('confirm-input');
  $('confirm-input-label').hidden = number === undefined;
  if (number !== undefined) {
    $('confirm-input-name').textContent = number.label;
    input.value = number.value;
  }
  return new Promise(resolve => {
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'ok') resolve(null);
      else resolve(number === undefined ? true : Number(input.value));
    }, { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    (number === undefined ? $('confirm-ok') : input).focus();
  });
}
