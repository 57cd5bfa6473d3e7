// Inline SVG icons (trusted constants, 24x24, drawn with currentColor).
import { raw } from "./html.js";

// Filled shapes.
const FILLED = {
  home: "M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z",
  user: "M12 4a4 4 0 1 1 0 8 4 4 0 0 1 0-8zM4 21c0-4.4 3.6-7 8-7s8 2.6 8 7z",
};
// Line drawings.
const STROKED = {
  offline: "M2 8.5a15 15 0 0 1 20 0M5.5 12a10 10 0 0 1 13 0M9 15.5a5 5 0 0 1 6 0M3 3l18 18",
  chevron: "m9 5 7 7-7 7",
  back: "m15 5-7 7 7 7",
  close: "M6 6l12 12M18 6 6 18",
  refresh: "M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7",
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
