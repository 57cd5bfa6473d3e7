// Pieces the home screen's widgets share: a titled card of rows with their count, and a row
// that opens another screen.
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";

/** A section of the home: a title over its cards. */
export function section(name, title, body) {
  return html`<section class="home-section" data-section="${name}">
    <h2 class="section-title">${title}</h2>${body}</section>`;
}

/** A card of rows under a title with how many there are in all; one line when none. */
export function group(name, title, { count, rows, empty }) {
  const more = count - rows.length;
  return html`<section class="card home-group" data-group="${name}">
    <h3 class="home-group-title"><span>${title}</span>
      <span class="home-count ${count ? "" : "is-zero"}">${count}</span></h3>
    ${count ? html`<ul class="home-list">${rows}</ul>` : html`<p class="muted">${empty}</p>`}
    ${more > 0 ? html`<p class="muted home-more">${t("home.more", { count: more })}</p>` : ""}
  </section>`;
}

/** A row opening href (null: a plain row): a title with chips, lines of detail under it. */
export function row(href, { title, chips = "", lines = [], id = "", overdue = false }) {
  const body = html`<span class="row-text">
      <span class="home-item-head"><strong>${title}</strong>${chips}</span>
      ${lines.filter(Boolean).map((line, i) => html`<span class="muted ${i ? "" : "home-note"}"
        >${line}</span>`)}
    </span>`;
  if (!href) {
    return html`<li class="list-row home-item" data-overdue="${String(overdue)}">${body}</li>`;
  }
  return html`<li><a class="list-row list-link home-item" href="${href}" data-id="${id}"
      data-overdue="${String(overdue)}">${body}${icon("chevron")}</a></li>`;
}
