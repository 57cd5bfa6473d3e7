// Lists the phone holds, drawn a page of rows at a time: a 加载更多 at the end, and the next
// page drawn as that end comes near the screen (where IntersectionObserver exists).
import { html } from "../html.js";
import { t } from "../i18n.js";

// Rows drawn at first, and added each time the end of the list comes near.
export const ROWS_PAGE = 100;

/** The 加载更多 at the end of a list that shows shown of total rows ("" when all show). */
export function moreButton(shown, total) {
  return shown < total ? html`<div class="paged-more" data-more><button type="button"
    class="btn btn-secondary btn-block" data-action="more">${t("list.more")}</button></div>`
    : html``;
}

/** Call more() when the list's 加载更多 is tapped or comes near the screen, while signal
 *  lasts. Returns watch(): call it after each drawing of the list, to watch its new end. */
export function onMoreRows(slot, signal, more) {
  slot.addEventListener("click", (event) => {
    if (event.target.closest("[data-action=more]")) more();
  }, { signal });
  if (!("IntersectionObserver" in window)) return () => {};
  const watcher = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) more();
  }, { rootMargin: "400px" });
  signal.addEventListener("abort", () => watcher.disconnect());
  return () => {
    watcher.disconnect();
    const end = slot.querySelector("[data-more]");
    if (end) watcher.observe(end);
  };
}
