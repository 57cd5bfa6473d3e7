// The message catalogue: /i18n/<lang>.json (precached by the service worker).
// Language kept in localStorage; zh-CN unless the user switched.

export const LANGUAGES = ["zh-CN", "en"];
const DEFAULT_LANG = "zh-CN";
const STORAGE_KEY = "qz.lang";
let lang = DEFAULT_LANG;
let messages = {};
let fallback = {};

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

async function loadCatalogue(code) {
  const response = await fetch(`/i18n/${code}.json`);
  if (!response.ok) throw new Error(`catalogue ${code}: ${response.status}`);
  return response.json();
}

/** Load a language's catalogue and make it current; Chinese stays loaded as the fallback. */
export async function setLang(code) {
  const chosen = LANGUAGES.includes(code) ? code : DEFAULT_LANG;
  if (!Object.keys(fallback).length) fallback = await loadCatalogue(DEFAULT_LANG);
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

/** The message for key, or fallback when the catalogue has none. */
export function tOr(key, fallbackText) {
  const text = t(key);
  return text === key ? fallbackText : text;
}
