// The family members editor of the household form: one small card per member (name,
// relation, birth year) with 删除, and 添加家庭成员 under them.
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { blankMember } from "./fields.js";

function input(index, name, value, extra) {
  const id = `m-${index}-${name}`;
  return html`<div class="field member-${name}">
    <label class="field-label" for="${id}">${t(`household.member.${name}`)}</label>
    <input id="${id}" name="members.${index}.${name}" value="${value}" ${extra}>
    <span class="field-error" data-error-for="members.${index}.${name}"></span></div>`;
}

function row(member, index) {
  return html`<li class="member-row" data-member="${index}">
    <p class="member-title">
      <span>${t("household.member.number", { n: index + 1 })}</span>
      <button type="button" class="btn btn-danger member-remove" data-remove="${index}">
        ${icon("close")}${t("household.member.remove")}</button></p>
    ${input(index, "name", member.name, html`maxlength="40" autocomplete="off"`)}
    <div class="member-pair">
      ${input(index, "relation", member.relation, html`maxlength="20" autocomplete="off"
        placeholder="${t("household.member.relation_hint")}"`)}
      ${input(index, "birth_year", member.birth_year, html`inputmode="numeric" maxlength="4"
        autocomplete="off" placeholder="1965"`)}
    </div></li>`;
}

function template(members) {
  return html`
    <p class="field-label">${t("household.field.members")}</p>
    ${members.length ? html`<ol class="member-list">${members.map(row)}</ol>`
    : html`<p class="muted">${t("household.member.none")}</p>`}
    <span class="field-error" data-error-for="members"></span>
    <button type="button" class="btn btn-secondary btn-block" data-add-member>
      ${icon("plus")}${t("household.member.add")}</button>`;
}

/** Read the member inputs under element into members (changed in place). */
export function readMembers(element, members) {
  element.querySelectorAll("[data-member]").forEach((li) => {
    const index = Number(li.dataset.member);
    for (const name of ["name", "relation", "birth_year"]) {
      members[index][name] = li.querySelector(`[name="members.${index}.${name}"]`).value;
    }
  });
  return members;
}

/** Draw the editor into element; onChange() after a row is added or removed. */
export function membersEditor(element, members, onChange) {
  const paint = () => draw(element, template(members));
  element.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-remove]");
    const add = event.target.closest("[data-add-member]");
    if (!remove && !add) return;
    readMembers(element, members);
    if (remove) members.splice(Number(remove.dataset.remove), 1);
    else members.push(blankMember());
    paint();
    if (add) element.querySelector(`[name="members.${members.length - 1}.name"]`)?.focus();
    onChange();
  });
  paint();
}
