// The three-way merge of a write the server answered with a conflict: the version the phone
// started from (base), the phone's edit (mine) and the server's copy (theirs), field by field.
// A field changed on one side only takes that side; one changed on both sides to different
// values is a clash for the user to settle. Pure functions: sync-store.js and the conflict screen
// call them. A put carries the whole record, so a field absent from it is empty.
import { DIARY_FIELDS, HOUSEHOLD_FIELDS } from "./record-fields.js";

// Bookkeeping, never merged: the server's.
const META = new Set(["id", "rev", "created_by", "created_at", "updated_at", "updated_by",
  "device_id", "deleted", "masked"]);
// The fields a put of each entity carries and a merge decides. A diary's node_id is left out:
// the server places a diary by its household unless the phone names a node itself.
// A notice's marks are the server's to settle (the first mark stays): a mark that meets
// another phone's is sent again as it is, never put to the user.
const FIELDS = {
  diary: DIARY_FIELDS.filter((name) => name !== "node_id"),
  household: HOUSEHOLD_FIELDS,
  notice: [],
};

function isEmpty(value) {
  return value === null || value === undefined || value === ""
    || (Array.isArray(value) && !value.length)
    || (typeof value === "object" && !Array.isArray(value) && !Object.keys(value).length);
}

/** A value as compared: empty is null, object keys sorted, empty keys left out. */
function canonical(value) {
  if (Array.isArray(value)) return isEmpty(value) ? null : value.map(canonical);
  if (value && typeof value === "object") {
    const entries = Object.keys(value).sort().map((key) => [key, canonical(value[key])])
      .filter(([, v]) => v !== null);
    return entries.length ? Object.fromEntries(entries) : null;
  }
  return isEmpty(value) ? null : value;
}

/** Whether two values are the same as JSON (lists, such as photos or members, whole). */
export function sameValue(a, b) {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** The fields a merge of this entity decides (for others: every field the versions name). */
export function mergedFields(entity, ...versions) {
  if (FIELDS[entity]) return FIELDS[entity];
  const names = new Set(versions.flatMap((version) => Object.keys(version ?? {})));
  return [...names].filter((name) => !META.has(name));
}

/** Merge field by field. base null (a record the phone made): any difference clashes.
 *  Returns {merged: {field: value} for the fields settled, clashes: [field]}. */
export function merge3(base, mine, theirs, fields) {
  const merged = {};
  const clashes = [];
  for (const name of fields) {
    const [b, m, t] = [base?.[name], mine?.[name], theirs?.[name]];
    if (sameValue(m, t) || (base && sameValue(m, b))) merged[name] = t ?? null;
    else if (base && sameValue(t, b)) merged[name] = m ?? null;
    else clashes.push(name);
  }
  return { merged, clashes };
}

/** The server's copy without its rev (which travels beside a record's data). */
export function withoutRev(server) {
  const { rev, ...data } = server ?? {};
  return data;
}

/** Settle a refused write's conflict: entry {entity, data, base} (the phone's put and the
 *  version it started from), theirs (the server's copy, without rev); picks: {field:
 *  "mine"|"theirs"} for clashing fields. Returns {data: the put to send (clashes left to
 *  picks, mine when not picked), record: the merged record, merged, clashes}. */
export function settle(entry, theirs, picks = {}) {
  const mine = entry.data ?? {};
  const fields = mergedFields(entry.entity, entry.base, mine, theirs);
  const { merged, clashes } = merge3(entry.base ?? null, mine, theirs, fields);
  const chosen = { ...merged };
  for (const name of clashes) {
    chosen[name] = (picks[name] === "theirs" ? theirs[name] : mine[name]) ?? null;
  }
  return { data: { ...mine, ...chosen }, record: { ...theirs, ...chosen }, merged, clashes };
}
