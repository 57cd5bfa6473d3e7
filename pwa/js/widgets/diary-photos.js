// A diary's photos on its page: a grid of thumbnails; a tap shows the photo large.
// The phone's own copy is used when there is one (offline, before upload), else the server's.
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { showPhoto } from "../thumbs.js";

/** The thumbnails, each a button that opens the photo. */
export function photoGrid(shas = []) {
  if (!shas?.length) return "";
  return html`<ul class="photo-grid diary-photos">${shas.map((sha, index) => html`<li>
    <button type="button" class="photo-open" data-open-photo="${sha}"
            aria-label="${t("diary.view.photo_open", { n: index + 1 })}">
      <img data-sha="${sha}" alt=""></button></li>`)}</ul>`;
}

/** The dialog the large photo is shown in. */
export function lightboxTemplate() {
  return html`<dialog class="lightbox" aria-label="${t("diary.field.photos")}">
    <img class="lightbox-img" alt="">
    <button type="button" class="icon-btn lightbox-close" data-close-photo
            aria-label="${t("diary.view.photo_close")}">${icon("close")}</button></dialog>`;
}

/** Open photos from the grid in the dialog; a tap anywhere closes it. */
export function runLightbox(root, uid) {
  root.addEventListener("click", async (event) => {
    const dialog = root.querySelector(".lightbox");
    const open = event.target.closest("[data-open-photo]");
    if (open && dialog) {
      await showPhoto(dialog.querySelector("img"), uid, open.dataset.openPhoto, true);
      dialog.showModal();
    } else if (dialog?.open && event.target.closest(".lightbox")) {
      dialog.close();
    }
  });
}
