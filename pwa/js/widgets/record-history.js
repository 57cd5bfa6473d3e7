// A record's fields as people read them (labels and values, for the conflict screen and the
// history), and its 修改记录: the versions the server keeps (GET /api/sync/history), newest
// first, conflicting attempts included, so a text that lost a conflict can still be read.
import { api } from "../api.js";
import { recordGet } from "../db.js";
import { fieldLabel as diaryLabel } from "../diary-fields.js";
import { formatDateTime } from "../format.js";
import { fieldLabel as householdLabel } from "../households/form-template.js";
import { html } from "../html.js";
import { t } from "../i18n.js";

const LABELS = { diary: diaryLabel, household: householdLabel };
// Values stored as a code, shown by their name (catalogue key <entity>.<group>.<code>).
const CODES = {
  diary: { kind: "kind", activity_type: "activity" },
  household: { difficulty_type: "difficulty" },
};

/** The label of a field of an entity (its name when there is none). */
export function fieldName(entity, name) {
  return LABELS[entity]?.(name) ?? name;
}

/** A field's value as text; names maps household ids to their head's name. */
export function valueText(entity, name, value, names = new Map()) {
  if (value === null || value === undefined || value === ""
      || (Array.isArray(value) && !value.length)) return t("syncui.value.empty");
  if (name === "photos") return t("syncui.value.photos", { count: value.length });
  if (name === "members") {
    return value.map((m) => [m.name, m.relation].filter(Boolean).join(" · "))
      .join(t("syncui.separator"));
  }
  if (name === "occurred_at") return formatDateTime(value);
  if (name === "household_id") return names.get(value) ?? t("diary.household.missing");
  const code = CODES[entity]?.[name];
  if (code) return t(`${entity}.${code}.${value}`);
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Head names of the households that values (records' data) name, from the phone's store. */
export async function householdNames(uid, values) {
  const ids = [...new Set(values.map((data) => data?.household_id).filter(Boolean))];
  const found = await Promise.all(ids.map((id) => recordGet(uid, "household", id)));
  return new Map(ids.map((id, i) => [id, found[i]?.data?.head_name]).filter(([, n]) => n));
}

/** The record's versions from the server, or null when it cannot be asked (offline). */
export async function loadHistory(entity, id) {
  try {
    const answer = await api(`/api/sync/history/${entity}/${encodeURIComponent(id)}`);
    return answer.versions;
  } catch {
    return null;
  }
}

function who(version, { uid, device }) {
  const name = version.user?.name ?? t("syncui.history.system");
  if (!version.device) return name;
  const here = version.user?.id === uid && version.device === device.slice(-4);
  return t(here ? "syncui.history.this_phone" : "syncui.history.phone",
    { name, device: version.device });
}

function versionItem(entity, version, context) {
  const data = version.data ?? {};
  const changed = version.action === "delete" ? [] : version.changed;
  return html`<li class="history-item version-item" data-action="${version.action}">
    <p class="history-head"><strong>${t(`syncui.history.${version.action}`)}</strong>
      <span class="muted">${formatDateTime(version.at)}</span></p>
    <p class="muted">${who(version, context)}</p>
    ${changed.length ? html`<dl class="version-fields">${changed.map((name) => html`
      <div data-field="${name}"><dt>${fieldName(entity, name)}</dt>
        <dd>${valueText(entity, name, data[name], context.names)}</dd></div>`)}</dl>` : ""}
  </li>`;
}

/** The 修改记录 section; context {uid, device: this phone's id, names}. */
export function historyTemplate(entity, versions, context) {
  return html`<section class="record-history">
    <h2 class="section-title">${t("syncui.history.title", { count: versions.length })}</h2>
    ${versions.length ? html`<ul class="card list history-list">${versions.map(
      (version) => versionItem(entity, version, context))}</ul>`
    : html`<p class="card muted">${t("syncui.history.none")}</p>`}</section>`;
}
