// The fields of an account that the create and edit forms share: name, phone, org node
// (picked from the tree) and roles (checkboxes named in the UI language).
import { field } from "./common.js";
import { flatten, optionLabel, ROLES } from "./org.js";
import { html } from "../html.js";
import { t } from "../i18n.js";

const PHONE = /^1\d{10}$/;

/** A picker of the active nodes of the tree, indented by level. */
export function nodePicker(tree, selected) {
  const options = flatten(tree).filter(({ node }) => node.active);
  return html`<select name="node_id" required>
    <option value="">${t("admin.choose")}</option>
    ${options.map(({ node, level }) => html`<option value="${node.id}"
      ${String(node.id) === String(selected) ? "selected" : ""}
      >${optionLabel(node, level)}</option>`)}
  </select>`;
}

function rolePicker(chosen) {
  return html`<fieldset class="field role-picker">
      <legend class="field-label">${t("admin.user.roles")}</legend>
      <div class="checks">${ROLES.map((role) => html`
        <label class="check check-box"><input type="checkbox" name="roles" value="${role}"
          ${chosen.includes(role) ? "checked" : ""}><span>${t(`role.${role}`)}</span></label>`)}
      </div>
      <span class="field-error" data-error-for="roles"></span>
    </fieldset>`;
}

/** The shared fields, filled from user ({} for a new account). */
export function accountFields(tree, user) {
  return html`
    ${field("name", t("admin.user.name"),
            html`<input name="name" maxlength="40" required value="${user.name || ""}">`)}
    ${field("phone", t("admin.user.phone_optional"),
            html`<input name="phone" type="tel" inputmode="numeric" maxlength="11"
                        autocomplete="off" value="${user.phone || ""}">`)}
    ${field("node_id", t("admin.user.node"), nodePicker(tree, user.node_id || ""))}
    ${rolePicker(user.roles || [])}`;
}

/** The shared fields' values as the API takes them. */
export function readAccount(form) {
  return {
    name: form.name.value.trim(),
    phone: form.phone.value.replace(/[\s-]/g, ""),
    node_id: Number(form.node_id.value) || null,
    roles: [...form.querySelectorAll("input[name=roles]:checked")].map((box) => box.value),
  };
}

/** What can be checked on the phone: field -> message. */
export function accountErrors(values) {
  const errors = {};
  if (!values.name) errors.name = t("field.required");
  if (values.phone && !PHONE.test(values.phone)) errors.phone = t("field.phone_format");
  if (!values.node_id) errors.node_id = t("field.required");
  if (!values.roles.length) errors.roles = t("field.roles_invalid");
  return errors;
}
