// Messages that float above the tab bar: short toasts and the "update available" prompt.
import { html, render } from "./html.js";
import { t } from "./i18n.js";
import { icon } from "./icons.js";

const TOAST_MS = 3500;
let onRefresh = null;

function host() {
  return document.getElementById("prompts");
}

function drawUpdatePrompt() {
  let prompt = host().querySelector(".update-prompt");
  document.body.classList.toggle("has-prompt", Boolean(onRefresh));
  if (!onRefresh) return prompt?.remove();
  if (!prompt) {
    prompt = document.createElement("div");
    prompt.className = "update-prompt";
    prompt.setAttribute("role", "alert");
    host().prepend(prompt);
  }
  render(prompt, html`
    <span class="update-text">${icon("refresh")} ${t("update.available")}</span>
    <button type="button" class="btn btn-light" data-action="refresh">
      ${t("update.refresh")}</button>`);
  prompt.querySelector("[data-action=refresh]").addEventListener("click", (event) => {
    event.currentTarget.disabled = true;
    event.currentTarget.textContent = t("update.refreshing");
    onRefresh();
  });
}

/** Offer the new version; `refresh` is called when the user taps 刷新. */
export function showUpdatePrompt(refresh) {
  onRefresh = refresh;
  drawUpdatePrompt();
}

/** A short message that disappears by itself. */
export function toast(message, kind = "info") {
  const note = document.createElement("div");
  note.className = `toast toast-${kind}`;
  note.setAttribute("role", kind === "error" ? "alert" : "status");
  note.textContent = message;
  host().append(note);
  setTimeout(() => note.remove(), TOAST_MS);
}

/** Take away the toasts still showing: they spoke of a screen or a user that is gone. */
export function clearToasts() {
  host().querySelectorAll(".toast").forEach((note) => note.remove());
}

/** Re-draw the prompt in the new language after a switch; drop toasts when the user changes. */
export function initNotices() {
  window.addEventListener("qz:lang", drawUpdatePrompt);
  window.addEventListener("qz:user", clearToasts);
}
