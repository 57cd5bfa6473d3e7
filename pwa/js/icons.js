// Inline SVG icons (trusted constants, 24x24, drawn with currentColor).
import { raw } from "./html.js";

// Filled shapes.
const FILLED = {
  home: "M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z",
  user: "M12 4a4 4 0 1 1 0 8 4 4 0 0 1 0-8zM4 21c0-4.4 3.6-7 8-7s8 2.6 8 7z",
  // administration: an org chart, and accounts (two people)
  org: "M9 2h6v6H9zM2 16h6v6H2zM16 16h6v6h-6zM11 8h2v3h7v5h-2v-3H6v3H4v-5h7z",
  users: "M9 4a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7zM2 20c0-3.9 3.1-6 7-6s7 2.1 7 6z"
    + "M16.5 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM17.6 14c2.7.4 4.4 2.4 4.4 6h-4c0-2.4-.8-4.5-2.4-5.7z",
  // a notebook (民情日记); the inner lines wind the other way, so they are cut out
  diary: "M6 2h12a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2z"
    + "M8.5 6.5v2h7v-2zM8.5 10.5v2h5v-2z",
  // households: a house with a person cut out (结对户), a clipboard of rows (户籍台账)
  households: "M12 3l10 8h-3v10H5V11H2z"
    + "M12 10.5a2 2 0 1 0 0 4a2 2 0 1 0 0-4zM8.5 19.5h7c0-2.2-1.6-3.5-3.5-3.5s-3.5 1.3-3.5 3.5z",
  register: "M9 2h6v2h3a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3z"
    + "M8 8.5v2h8v-2zM8 12.5v2h8v-2zM8 16.5v2h5v-2z",
  // cases (诉求): a speech bubble with two lines cut out
  cases: "M4 3h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1h-9l-5 4.5V16H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1z"
    + "M7.5 6.5v2h9v-2zM7.5 10.5v2h6v-2z",
  // the inbox (消息): a bell
  bell: "M12 2a1.5 1.5 0 0 0-1.5 1.5v.7A6 6 0 0 0 6 10v4.5L4 17v1h16v-1l-2-2.5V10a6 6 0 0 0"
    + "-4.5-5.8v-.7A1.5 1.5 0 0 0 12 2zM9.5 19.5a2.5 2.5 0 0 0 5 0z",
};
// Line drawings.
const STROKED = {
  offline: "M2 8.5a15 15 0 0 1 20 0M5.5 12a10 10 0 0 1 13 0M9 15.5a5 5 0 0 1 6 0M3 3l18 18",
  chevron: "m9 5 7 7-7 7",
  back: "m15 5-7 7 7 7",
  close: "M6 6l12 12M18 6 6 18",
  refresh: "M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7",
  // administration
  upload: "M12 15V4M7 9l5-5 5 5M4 15v4a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-4",
  download: "M12 4v11M7 10l5 5 5-5M4 15v4a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-4",
  copy: "M9 9h11v11H9zM5 15H4V4h11v1",
  search: "M10.5 4a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13zM20 20l-4.8-4.8",
  plus: "M12 5v14M5 12h14",
  edit: "M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4",
  key: "M8 11a4 4 0 1 1 0 8 4 4 0 0 1 0-8zM11 14l9-9M17 8l3 3M15 10l2 2",
  // sync and photos
  camera: "M4 8h3l2-3h6l2 3h3v11H4zM12 10a3.2 3.2 0 1 1 0 6.4 3.2 3.2 0 0 1 0-6.4z",
  "cloud-up": "M7 18.5a4 4 0 0 1-.5-8 6 6 0 0 1 11.4-1.4A4.5 4.5 0 0 1 17.5 18.5M12 12.5v7"
    + "M9 15.5l3-3 3 3",
  "cloud-ok": "M7 18.5a4 4 0 0 1-.5-8 6 6 0 0 1 11.4-1.4 4.5 4.5 0 0 1-.4 9.4zM9.3 14l2 2 3.6-3.6",
  alert: "M12 3.5 2.5 20h19zM12 9.5v5M12 17.2v.3",
  // diaries: a map pin (定位)
  pin: "M12 21s-6.5-6-6.5-11a6.5 6.5 0 0 1 13 0c0 5-6.5 11-6.5 11z"
    + "M12 7.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z",
};
const STROKE = 'fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"'
  + ' stroke-linejoin="round"';

/** An icon by name, as trusted HTML. */
export function icon(name) {
  const shape = FILLED[name] ? `<path d="${FILLED[name]}"/>`
    : `<path d="${STROKED[name] ?? ""}" ${STROKE}/>`;
  return raw(`<svg class="icon" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">`
    + `${shape}</svg>`);
}
