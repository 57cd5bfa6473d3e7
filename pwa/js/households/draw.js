// Drawing lists that sync redraws: skip a redraw that changes nothing, so a tap that lands
// while the phone syncs is not lost on a row replaced under the finger.
import { render } from "../html.js";

const drawn = new WeakMap(); // element -> the HTML last drawn into it

/** Draw a template into element unless it already shows exactly that. */
export function drawIfChanged(element, template) {
  const text = String(template);
  if (drawn.get(element) === text && element.innerHTML) return false;
  render(element, template);
  drawn.set(element, text);
  return true;
}
