// A diary's photos on its page: a grid of thumbnails; a tap shows the photo large.
// The phone's own copy is used when there is one (offline, before upload), else the server's.
import { mediaGet } from "../db.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";

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

async function photoUrl(uid, sha) {
  const media = await mediaGet(uid, sha).catch(() => undefined);
  return media?.blob ? URL.createObjectURL(media.blob) : `/media/${sha}.jpg`;
}

/** Open photos from the grid in the dialog; a tap anywhere closes it. */
export function runLightbox(root, uid) {
  root.addEventListener("click", async (event) => {
    const dialog = root.querySelector(".lightbox");
    const open = event.target.closest("[data-open-photo]");
    if (open && dialog) {
      const img = dialog.querySelector("img");
      const url = await photoUrl(uid, open.dataset.openPhoto);
      img.addEventListener("load", () => {
        if (url.startsWith("blob:")) URL.revokeObjectURL(url);
      }, { once: true });
      img.src = url;
      dialog.showModal();
    } else if (dialog?.open && event.target.closest(".lightbox")) {
      dialog.close();
    }
  });
}
