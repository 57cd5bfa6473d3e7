// The household form's values, the data it saves, and the rules the phone can check itself
// (qzapp/households/entity.py is the judge). Members are checked field by field so each
// message sits beside its input: "members.0.birth_year".
import { t } from "../i18n.js";
import { DIFFICULTY_TYPES, OLDEST_BIRTH_YEAR, beijingToday, idNumberProblem } from "./rules.js";
import { villageOf } from "./nodes.js";

const TEXT_FIELDS = ["head_name", "difficulty_type", "needs", "address", "phone", "id_number"];
const MAX = { head_name: 40, needs: 500, address: 200, phone: 20, id_number: 18 };
const MEMBER_MAX = { name: 40, relation: 20 };
const MAX_MEMBERS = 30;
const PHONE = /^[0-9-]{7,20}$/;

/** An empty member row. */
export function blankMember() {
  return { name: "", relation: "", birth_year: "" };
}

/** The form's values (all strings) for a stored household's data. */
export function toValues(data = {}, defaultNode = "") {
  const values = { node_id: String(data.node_id ?? defaultNode ?? "") };
  for (const name of TEXT_FIELDS) values[name] = data[name] ?? "";
  values.members = (data.members ?? []).map((m) => ({
    name: m.name ?? "", relation: m.relation ?? "", birth_year: String(m.birth_year ?? ""),
  }));
  return values;
}

function trimmed(value) {
  return typeof value === "string" ? value.trim() : "";
}

/** The household data to save: only the fields the server takes, blanks left out. */
export function toData(values) {
  const data = { node_id: Number(values.node_id) };
  for (const name of TEXT_FIELDS) {
    const value = trimmed(values[name]);
    if (value) data[name] = name === "id_number" ? value.toUpperCase() : value;
  }
  data.members = values.members.filter((m) => trimmed(m.name) || trimmed(m.relation)
    || trimmed(m.birth_year)).map((m) => {
    const member = { name: trimmed(m.name) };
    if (trimmed(m.relation)) member.relation = trimmed(m.relation);
    if (trimmed(m.birth_year)) member.birth_year = Number(trimmed(m.birth_year));
    return member;
  });
  return data;
}

function memberErrors(members, errors, thisYear) {
  members.forEach((member, i) => {
    const blank = !trimmed(member.name) && !trimmed(member.relation)
      && !trimmed(member.birth_year);
    if (blank) return;
    for (const [name, max] of Object.entries(MEMBER_MAX)) {
      if (trimmed(member[name]).length > max) {
        errors[`members.${i}.${name}`] = t("field.too_long", { max });
      }
    }
    if (!trimmed(member.name)) errors[`members.${i}.name`] = t("field.required");
    const year = trimmed(member.birth_year);
    if (year && !(/^\d{4}$/.test(year) && Number(year) >= OLDEST_BIRTH_YEAR
                  && Number(year) <= thisYear)) {
      errors[`members.${i}.birth_year`] = t("household.birth_year_range",
        { min: OLDEST_BIRTH_YEAR, max: thisYear });
    }
  });
  if (members.length > MAX_MEMBERS) errors.members = t("field.too_many", { max: MAX_MEMBERS });
}

/** What the phone can tell is wrong, as {field: message}. */
export function localErrors(values, today = beijingToday()) {
  const errors = {};
  for (const name of ["node_id", "head_name", "difficulty_type"]) {
    if (!trimmed(values[name])) errors[name] = t("field.required");
  }
  if (values.difficulty_type && !DIFFICULTY_TYPES.includes(values.difficulty_type)) {
    errors.difficulty_type = t("field.not_a_choice");
  }
  for (const [name, max] of Object.entries(MAX)) {
    if (trimmed(values[name]).length > max) errors[name] = t("field.too_long", { max });
  }
  const phone = trimmed(values.phone);
  if (phone && !errors.phone && !PHONE.test(phone)) errors.phone = t("household.phone_format");
  const id = trimmed(values.id_number).toUpperCase();
  const problem = id && !errors.id_number ? idNumberProblem(id, today) : null;
  if (problem) errors.id_number = t(problem);
  memberErrors(values.members, errors, Number(today.slice(0, 4)));
  return errors;
}

/** A household on the phone in the same village with the same head and ID number. */
export function findDuplicate(values, households, byId, ownId = null) {
  const id = trimmed(values.id_number).toUpperCase();
  const head = trimmed(values.head_name);
  if (!id || !head) return null;
  // Without the org tree on the phone a grid's village is unknown: the phone holds only the
  // user's own villages, so any match is worth the warning.
  const known = (nodeId) => byId.has(Number(nodeId));
  const sameVillage = (nodeId) => !known(nodeId) || !known(values.node_id)
    || villageOf(byId, nodeId) === villageOf(byId, values.node_id);
  return households.find((record) => record.id !== ownId
    && trimmed(record.data.head_name) === head
    && trimmed(record.data.id_number).toUpperCase() === id
    && sameVillage(record.data.node_id)) ?? null;
}
