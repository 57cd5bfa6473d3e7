// 登记/修改困难户: saved on the phone through the outbox; works with no signal. What is typed
// is kept as a draft at every keystroke. #/household-edit?id=<id> edits a household,
// ?fix=<mid> corrects a write the server refused (a duplicate links to the existing one). A
// household in conflict with another phone's or person's change opens the conflict screen.
import { conflictOf, draftDelete, draftGet, rejectedGet } from "../db.js";
import { fieldErrors, showErrors } from "../forms.js";
import { findDuplicate, localErrors, toData, toValues } from "../households/fields.js";
import { duplicateTemplate, formTemplate } from "../households/form-template.js";
import { allHouseholds, localHousehold } from "../households/local.js";
import { membersEditor, readMembers } from "../households/members.js";
import { nodeMap, nodesSoon, registerNodes } from "../households/nodes.js";
import { registerPath } from "../households/paths.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { toast } from "../notice.js";
import { draftSaver } from "../offline-form.js";
import { saveLocal } from "../outbox.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";

const INPUTS = ["node_id", "head_name", "difficulty_type", "needs", "address", "phone",
  "id_number"];

function readInputs(form, values) {
  for (const name of INPUTS) values[name] = form.elements[name].value;
  readMembers(form.querySelector("[data-members]"), values.members);
  return values;
}

function backOf(id, fix) {
  if (fix) return { path: "sync", label: t("syncui.title") };
  if (id) return { path: `household?id=${id}`, label: t("household.title") };
  return { path: registerPath(), label: t("nav.households") };
}

function notEditable(root, id) {
  draw(root, html`<div class="card notice" role="alert">${t("household.not_editable")}</div>
    <a class="btn btn-secondary btn-block" href="#/household?id=${id}">
      ${t("household.title")}</a>`);
}

/** Draw the household form (new, edit, or correcting a refused write). */
export async function render(root, params = {}) {
  const user = currentUser();
  const uid = user.id;
  const fix = params.fix ? await rejectedGet(uid, Number(params.fix)) : null;
  if (params.fix && !fix) return navigate("sync"); // already corrected or discarded
  const id = fix?.id ?? params.id ?? null;
  const record = id && !fix ? await localHousehold(uid, id) : null;
  const conflict = fix?.kind === "conflict" ? fix
    : record?.status === "conflict" && await conflictOf(uid, "household", id);
  if (conflict) return navigate(`conflict?mid=${conflict.mid}`); // settle it first
  if (id && !fix && (!record || record.data.masked)) return notEditable(root, id);
  const { nodes: allNodes } = await nodesSoon(uid);
  const nodes = registerNodes(allNodes, user);
  const draftKey = fix ? `household:fix:${fix.mid}` : id ? `household:edit:${id}`
    : "household:new";
  const only = nodes.length === 1 ? nodes[0].id : "";
  const start = () => toValues(fix?.data ?? record?.data ?? {}, params.node || only);
  const draft = await draftGet(uid, draftKey);
  const values = draft?.values ?? start();
  const context = { uid, id, fix, draftKey, byId: nodeMap(allNodes) };
  const shown = new Set([...INPUTS, "members"]);
  const saveDraft = draftSaver(uid, draftKey, values, () => root.querySelector("form"));

  const paint = (restored) => {
    draw(root, formTemplate(values, nodes, { back: backOf(id, fix), fix, restored, shown }));
    const form = root.querySelector("form");
    if (fix) showErrors(form, "", fieldErrors(fix));
    membersEditor(form.querySelector("[data-members]"), values.members, saveDraft);
    form.addEventListener("input", () => saveDraft(readInputs(form, values)));
    form.addEventListener("change", () => saveDraft(readInputs(form, values)));
    form.querySelector("[data-action=clear]")?.addEventListener("click", async () => {
      await draftDelete(uid, draftKey);
      Object.assign(values, start());
      paint(false);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit(form, readInputs(form, values), context);
    });
  };
  paint(Boolean(draft));
  return undefined;
}

function showDuplicate(form, duplicate) {
  const slot = form.querySelector("[data-duplicate]");
  slot.hidden = !duplicate;
  if (duplicate) {
    draw(slot, duplicateTemplate(duplicate));
    slot.scrollIntoView({ block: "center" });
  }
}

async function submit(form, values, { uid, id, fix, draftKey, byId }) {
  const errors = localErrors(values);
  showDuplicate(form, null);
  if (Object.keys(errors).length) {
    showErrors(form, t("household.form.check"), errors);
    form.querySelector("[aria-invalid=true]")?.focus();
    return;
  }
  showErrors(form, "");
  const duplicate = findDuplicate(values, await allHouseholds(uid), byId, id);
  if (duplicate) return showDuplicate(form, duplicate);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  let saved;
  try {
    saved = await saveLocal("household", toData(values),
      fix ? { id: fix.id, resolves: fix.mid } : { id });
  } catch (error) {
    console.error("save", error);
    button.disabled = false;
    return showErrors(form, t("household.form.save_failed"));
  }
  await draftDelete(uid, draftKey).catch(() => {});
  toast(t("household.form.saved"));
  return navigate(fix ? "sync" : `household?id=${saved}`);
}
