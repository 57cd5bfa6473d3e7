// Names a diary shows beside ids: its household (from the household records on the phone)
// and its author. Diaries carry only the author's id; names come from the user themself,
// the pairings and stationings on the phone, and what the server said when last online.
import { api } from "../api.js";
import { recordsOf, stateGet, stateSet } from "../db.js";
import { t } from "../i18n.js";
import { currentUser } from "../session.js";

const AUTHORS_KEY = "diary_authors"; // {user id: name}, learnt from /api/diaries

async function cadreNames(uid) {
  const [pairings, stationings] = await Promise.all(
    ["pairing", "stationing"].map((entity) => recordsOf(uid, entity).catch(() => [])));
  return Object.fromEntries([...pairings, ...stationings]
    .filter((record) => record.data?.cadre_name)
    .map((record) => [record.data.cadre_id, record.data.cadre_name]));
}

/** Look-ups for one screen: household(id) -> record data, author(id) -> name or "". */
export async function nameBook(uid) {
  const [households, cadres, learnt] = await Promise.all([
    recordsOf(uid, "household").catch(() => []), cadreNames(uid),
    stateGet(uid, AUTHORS_KEY).catch(() => undefined)]);
  const byId = new Map(households.map((record) => [record.id, record.data]));
  const names = { ...learnt, ...cadres };
  const me = currentUser();
  return {
    household: (id) => (id ? byId.get(id) : undefined),
    households: () => [...byId.values()],
    author: (id) => (id === me?.id ? me.name || me.username : names[id] || ""),
    authorLabel(id) {
      const name = this.author(id);
      if (id === me?.id) return t("diary.author_me", { name });
      return name || t("diary.author_unknown");
    },
  };
}

/** Ask the server for the authors of the diaries a query lists (online only) and keep their
 *  names on the phone. Returns whether a name was learnt. */
export async function learnAuthors(uid, query) {
  if (!navigator.onLine) return false;
  let answer;
  try {
    answer = await api(`/api/diaries?${query}${query ? "&" : ""}limit=500`);
  } catch {
    return false; // offline after all, or not allowed: the names wait
  }
  const known = (await stateGet(uid, AUTHORS_KEY).catch(() => undefined)) ?? {};
  let learnt = false;
  for (const diary of answer.diaries ?? []) {
    if (diary.author_name && known[diary.created_by] !== diary.author_name) {
      known[diary.created_by] = diary.author_name;
      learnt = true;
    }
  }
  if (learnt) await stateSet(uid, AUTHORS_KEY, known).catch(() => {});
  return learnt;
}
