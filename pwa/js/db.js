// The only module that touches IndexedDB. The database is opened once, lazily.
// Later versions add stores in new `if (oldVersion < N)` blocks; never edit a shipped one.
import { openDB } from "../vendor/idb/index.js";

const DB_NAME = "qzapp";
const DB_VERSION = 1;
let opening = null;

function database() {
  opening ??= openDB(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore("kv"); // last answers of the API, kept for offline use
      }
    },
    blocking() { opening?.then((db) => db.close()); opening = null; },
  });
  return opening;
}

/** Read a remembered value (undefined when absent). */
export async function kvGet(key) {
  return (await database()).get("kv", key);
}

/** Remember a value on the phone. */
export async function kvSet(key, value) {
  return (await database()).put("kv", value, key);
}

/** Forget remembered values. */
export async function kvDelete(...keys) {
  const tx = (await database()).transaction("kv", "readwrite");
  await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
}
