// Form helpers shared by the screens: messages on top and under each field.

/** Put the messages on the form: one on top, one under each field the server named. */
export function showErrors(form, message, fieldMessages = {}) {
  const top = form.querySelector(".form-error");
  top.textContent = message || "";
  top.hidden = !message;
  form.querySelectorAll("[data-error-for]").forEach((slot) => {
    const text = fieldMessages[slot.dataset.errorFor] || "";
    slot.textContent = text;
    slot.previousElementSibling?.setAttribute("aria-invalid", text ? "true" : "false");
  });
}

/** Field messages of an ApiError keyed by field name. */
export function fieldErrors(error) {
  return Object.fromEntries((error.errors || []).map((e) => [e.field, e.message]));
}

/** Disable a submit button while a request runs, with a "busy" label. */
export function setBusy(button, busy, label) {
  button.disabled = busy;
  button.textContent = label;
}
