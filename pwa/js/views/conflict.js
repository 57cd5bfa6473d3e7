// 处理冲突: a write of this phone met a change of the same record made on another phone or by
// someone else, and some fields were changed on both sides to different values. Each such
// field shows both texts side by side (我的修改 / 服务器上的) with one tap to pick; the fields
// changed on one side only are merged already. Saving queues the result on top of the
// server's version; whatever side loses stays in the record's 修改记录 on the server.
//   #/conflict?mid=<mid>    the conflict kept in the refused list under that mid
import { recordGet, rejectedGet } from "../db.js";
import { diarySummary } from "../diary-fields.js";
import { formatDateTime } from "../format.js";
import { householdEntrySummary } from "../households/entries.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { leaderEntrySummary } from "../leaders/entries.js";
import { sameValue, settle, withoutRev } from "../merge.js";
import { toast } from "../notice.js";
import { discardRefused, saveLocal } from "../outbox.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";
import { fieldName, householdNames, valueText } from "../widgets/record-history.js";

function summary(entry) {
  return entry.entity === "diary" ? diarySummary(entry.data)
    : householdEntrySummary(entry) ?? leaderEntrySummary(entry) ?? entry.entity;
}

/** The fields merged by themselves, each with the side its value came from. */
function mergedList(entry, theirs, outcome) {
  if (!entry.base) return [];
  return Object.keys(outcome.merged).map((name) => {
    if (!sameValue(entry.data?.[name], entry.base[name])) return { name, side: "mine" };
    if (!sameValue(theirs[name], entry.base[name])) return { name, side: "theirs" };
    return null;
  }).filter(Boolean);
}

function sideTemplate(name, side, value) {
  return html`<label class="conflict-side" data-side="${side}">
    <input type="radio" name="pick-${name}" value="${side}">
    <span class="conflict-side-title">${t(`syncui.conflict.${side}`)}</span>
    <span class="conflict-value">${value}</span></label>`;
}

function clashTemplate(entry, theirs, name, names) {
  const text = (value) => valueText(entry.entity, name, value, names);
  return html`<fieldset class="conflict-field" data-field="${name}">
    <legend class="field-label">${fieldName(entry.entity, name)}</legend>
    <div class="conflict-sides">${sideTemplate(name, "mine", text(entry.data?.[name]))}
      ${sideTemplate(name, "theirs", text(theirs[name]))}</div>
    <span class="field-error" data-error-for="${name}"></span></fieldset>`;
}

function template(entry, theirs, outcome, names) {
  const merged = mergedList(entry, theirs, outcome);
  return html`<a class="back-link" href="#/sync">${icon("back")}${t("syncui.title")}</a>
    <form class="card form conflict-form" novalidate data-mid="${entry.mid}">
      <h2 class="form-title">${t("syncui.conflict.title")}</h2>
      <p class="entry-title">${summary(entry)}</p>
      <p class="muted">${t("syncui.saved_at", { when: formatDateTime(entry.saved_at) })}</p>
      ${entry.deleted ? html`<p class="notice notice-warn">${t("syncui.conflict.deleted")}</p>`
    : html`<p class="notice notice-warn">${t("syncui.conflict.explain")}</p>
      ${merged.length ? html`<p class="muted conflict-merged">${t("syncui.conflict.merged", {
        fields: merged.map((m) => t(`syncui.conflict.from_${m.side}`,
          { field: fieldName(entry.entity, m.name) })).join(t("syncui.separator")) })}</p>` : ""}
      <p class="form-error" role="alert" hidden></p>
      ${outcome.clashes.map((name) => clashTemplate(entry, theirs, name, names))}
      <button class="btn btn-primary btn-block" type="submit">${t("syncui.conflict.save")}
      </button>`}
      <button class="btn btn-danger btn-block" type="button" data-action="discard">
        ${t("syncui.conflict.discard")}</button>
    </form>`;
}

/** The server's copy to settle against: the newest the phone holds (pulls keep a record in
 *  conflict current), else the one the conflict came with. */
function serverCopy(entry, record) {
  return record?.status === "conflict" ? { ...record.data } : withoutRev(entry.server);
}

/** Draw the conflict screen. */
export async function render(root, params = {}) {
  const uid = currentUser().id;
  const entry = await rejectedGet(uid, Number(params.mid));
  if (entry?.kind !== "conflict") return navigate("sync"); // settled or discarded already
  const theirs = serverCopy(entry, await recordGet(uid, entry.entity, entry.id));
  const outcome = settle(entry, theirs);
  const names = await householdNames(uid, [entry.data, theirs]);
  const picks = {};
  draw(root, template(entry, theirs, outcome, names));
  const form = root.querySelector("form");
  form.addEventListener("change", (event) => {
    const name = event.target.name?.replace(/^pick-/, "");
    if (!name) return;
    picks[name] = event.target.value;
    form.querySelector(`[data-error-for="${CSS.escape(name)}"]`).textContent = "";
  });
  form.querySelector("[data-action=discard]").addEventListener("click", async () => {
    if (!window.confirm(t("syncui.conflict.discard_confirm"))) return;
    await discardRefused(entry.mid);
    toast(t("syncui.discarded"));
    navigate("sync");
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(form, { entry, theirs, outcome, picks });
  });
  return undefined;
}

async function save(form, { entry, theirs, outcome, picks }) {
  const unpicked = outcome.clashes.filter((name) => !picks[name]);
  const alert = form.querySelector(".form-error");
  for (const name of unpicked) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    slot.textContent = t("syncui.conflict.pick");
  }
  alert.hidden = !unpicked.length;
  alert.textContent = unpicked.length ? t("syncui.conflict.pick_all") : "";
  if (unpicked.length) return;
  form.querySelector("button[type=submit]").disabled = true;
  try {
    await saveLocal(entry.entity, settle(entry, theirs, picks).data,
      { id: entry.id, resolves: entry.mid });
  } catch (error) {
    console.error("save", error);
    form.querySelector("button[type=submit]").disabled = false;
    alert.hidden = false;
    alert.textContent = t("syncui.conflict.save_failed");
    return;
  }
  toast(t("syncui.conflict.saved"));
  navigate("sync");
}
