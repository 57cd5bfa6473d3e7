// The message catalogue: /i18n/<lang>.json (precached by the service worker). The app starts
// on /i18n/zh-CN.start.json, the messages its first screens show, and has the whole catalogue
// before it draws any other screen (catalogueReady).
// Language kept in localStorage; zh-CN unless the user switched.

export const LANGUAGES = ["zh-CN", "en"];
const DEFAULT_LANG = "zh-CN";
const STORAGE_KEY = "qz.lang";
let lang = DEFAULT_LANG;
let messages = {};
let fallback = {};
let whole = null;

/** The current UI language (also sent to the server as Accept-Language). */
export function getLang() {
  return lang;
}

function storedLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(saved) ? saved : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

async function loadCatalogue(name) {
  const response = await fetch(`/i18n/${name}.json`);
  if (!response.ok) throw new Error(`catalogue ${name}: ${response.status}`);
  return response.json();
}

/** Chinese, the fallback of every language: its start part (the whole of it comes with the
 * first screen after the start: catalogueReady). */
async function loadFallback() {
  fallback = await loadCatalogue(`${DEFAULT_LANG}.start`);
}

/** Resolves once the whole default catalogue is loaded (or could not be: offline before the
 * worker cached it, the start's messages stay). Asked for by the first screen that needs it,
 * so a first load on a slow line carries only the login screen's words. */
export function catalogueReady() {
  whole ??= loadCatalogue(DEFAULT_LANG).then((all) => {
    if (messages === fallback) messages = all;
    fallback = all;
  }).catch(() => { whole = null; });
  return whole;
}

/** Load a language's catalogue and make it current; Chinese stays loaded as the fallback. */
export async function setLang(code) {
  const chosen = LANGUAGES.includes(code) ? code : DEFAULT_LANG;
  if (!Object.keys(fallback).length) await loadFallback();
  messages = chosen === DEFAULT_LANG ? fallback : await loadCatalogue(chosen);
  lang = chosen;
  try { localStorage.setItem(STORAGE_KEY, chosen); } catch { /* private mode */ }
  document.documentElement.lang = chosen;
  document.title = t("app.name");
  window.dispatchEvent(new CustomEvent("qz:lang", { detail: { lang: chosen } }));
}

/** Load the saved (or default) language at start-up. */
export function initI18n() {
  return setLang(storedLang());
}

/** The message for key, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = messages[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** The keys under a prefix ("notify.kind."), in the catalogue's order, prefix removed. */
export function keysUnder(prefix) {
  return Object.keys(fallback).filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
}

/** The message for key, or fallback when the catalogue has none. */
export function tOr(key, fallbackText) {
  const text = t(key);
  return text === key ? fallbackText : text;
}
