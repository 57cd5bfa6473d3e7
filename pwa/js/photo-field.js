// The photos of a form: thumbnails that can be removed, and a tile that opens the camera.
// Picked photos are checked (a picture, not over 10 MB), scaled down, hashed and kept in
// IndexedDB at once (photos.js, db.js). A refused file is named beside the field; nothing
// else in the form changes.
import { mediaPut } from "./db.js";
import { html, render } from "./html.js";
import { t } from "./i18n.js";
import { icon } from "./icons.js";
import { preparePhoto } from "./photos.js";
import { fillThumbs } from "./thumbs.js";

const MAX_MB = 10;
const MAX_BYTES = MAX_MB * 1024 * 1024;

/** Why a picked file cannot be a photo ("" when it may). Files of no stated type are tried. */
function fileProblem(file) {
  if (file.type && !file.type.startsWith("image/")) {
    return t("diary.form.photo_not_image", { name: file.name });
  }
  if (file.size > MAX_BYTES) return t("diary.form.photo_too_big", { name: file.name, mb: MAX_MB });
  return "";
}

/** The field's content for the photos listed by hash. */
function template(name, shas, max, busy, problems) {
  return html`
    <span class="field-label">${t(`diary.field.${name}`)}<span class="muted">${t(
      "diary.form.photo_count", { count: shas.length, max })}</span></span>
    <ul class="photo-grid">
      ${shas.map((sha) => html`<li class="photo-tile">
        <img data-sha="${sha}" alt="">
        <button type="button" class="photo-remove" data-remove="${sha}"
                aria-label="${t("diary.form.photo_remove")}">${icon("close")}</button></li>`)}
      ${shas.length < max ? html`<li><label class="photo-add" aria-busy="${busy}">
        ${icon("camera")}<span>${t(busy ? "diary.form.photo_busy" : "diary.form.add_photo")}</span>
        <input type="file" accept="image/*" capture="environment" multiple
               data-photo-input ${busy ? "disabled" : ""}></label></li>` : ""}
    </ul>
    <span class="field-error" data-error-for="${name}" role="alert">${problems.join(" ")}</span>`;
}

/** Draw and run the photo field in element; shas is the list it edits; onChange(shas). */
export function photoField(element, { uid, name, shas, max, onChange }) {
  let busy = false;
  let problems = []; // what was wrong with the files picked last
  const draw = () => {
    render(element, template(name, shas, max, busy, problems));
    fillThumbs(element, uid);
  };
  element.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-remove]");
    if (!remove) return;
    shas.splice(shas.indexOf(remove.dataset.remove), 1);
    problems = [];
    draw();
    onChange(shas);
  });
  element.addEventListener("change", async (event) => {
    if (!event.target.matches("[data-photo-input]")) return;
    const files = [...event.target.files];
    busy = true;
    problems = [];
    draw();
    for (const file of files) {
      if (shas.length >= max) {
        problems.push(t("diary.form.photo_too_many", { max }));
        break;
      }
      const problem = fileProblem(file);
      if (problem) {
        problems.push(problem);
        continue;
      }
      try {
        const photo = await preparePhoto(file);
        await mediaPut(uid, { sha: photo.sha, blob: photo.blob, uploaded: false,
          width: photo.width, height: photo.height, saved_at: Date.now() });
        if (!shas.includes(photo.sha)) shas.push(photo.sha);
      } catch (error) {
        console.error("photo", error);
        problems.push(t("diary.form.photo_unreadable", { name: file.name }));
      }
    }
    busy = false;
    draw();
    onChange(shas);
  });
  draw();
}
