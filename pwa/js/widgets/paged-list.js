// A list that the server answers a page at a time ({items, more, next_cursor, total}): the
// count on top, the first page, and the next ones as the user scrolls to the end (or taps
// 加载更多, which also works where IntersectionObserver does not).
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";

/** Fill slot with the list: load(cursor) answers a page, row(item) draws one item,
 *  count(total) says how many there are (or head(total) draws the top: a section's title),
 *  empty says none match. Returns when the first page is drawn; a failed page throws to the
 *  caller (the first) or shows a retry. */
export async function pagedList(slot, { load, row, count, head, empty,
  className = "card list" }) {
  const first = await load(null);
  const top = head ? head(first.total) : html`<p class="muted result-count"
    data-total="${first.total}">${count(first.total)}</p>`;
  if (!first.items.length) {
    draw(slot, html`${head ? top : ""}<p class="card muted empty">${empty}</p>`);
    return;
  }
  draw(slot, html`${top}
    <ul class="${className}" data-items></ul>
    <div class="paged-more" data-more></div>`);
  const list = slot.querySelector("[data-items]");
  const more = slot.querySelector("[data-more]");
  let cursor = null;
  let loading = false;
  const append = (page) => {
    // Appended, not redrawn: the rows above and where the user is stay as they are.
    list.insertAdjacentHTML("beforeend", page.items.map((item) => String(row(item))).join(""));
    cursor = page.more ? page.next_cursor : null;
    draw(more, cursor ? html`<button type="button" class="btn btn-secondary btn-block"
      data-action="more">${t("list.more")}</button>` : html``);
  };
  const next = async () => {
    if (loading || !cursor) return;
    loading = true;
    try {
      append(await load(cursor));
    } catch {
      draw(more, html`<button type="button" class="btn btn-secondary btn-block"
        data-action="more">${t("list.more_failed")}</button>`);
    } finally {
      loading = false;
    }
  };
  append(first);
  more.addEventListener("click", (event) => {
    if (event.target.closest("[data-action=more]")) next();
  });
  if ("IntersectionObserver" in window) {
    const watcher = new IntersectionObserver((entries) => {
      if (!slot.isConnected) watcher.disconnect();
      else if (entries.some((entry) => entry.isIntersecting)) next();
    }, { rootMargin: "400px" });
    watcher.observe(more);
  }
}
