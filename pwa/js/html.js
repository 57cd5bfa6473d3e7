// Escaping template tag: every interpolated value reaches the DOM as text unless it is
// already a SafeHtml (built by `html` itself or by `raw` for trusted constants).

class SafeHtml {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

const ESCAPES = {
  "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;",
};

/** Escape one string for use in HTML text or a quoted attribute. */
export function escape(value) {
  return String(value).replace(/[&<>"'`]/g, (ch) => ESCAPES[ch]);
}

/** Turn one interpolated value into HTML: arrays joined, null/false dropped, text escaped. */
function fragment(value) {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(fragment).join("");
  if (value === null || value === undefined || value === false) return "";
  return escape(value);
}

/** Tagged template: html`<p>${userText}</p>` escapes userText. */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => { out += fragment(value) + strings[i + 1]; });
  return new SafeHtml(out);
}

/** Mark a trusted constant (an icon's SVG) as HTML. Never pass user text here. */
export function raw(text) {
  return new SafeHtml(String(text));
}

/** Replace the content of an element with a template's result. */
export function render(element, template) {
  if (!(template instanceof SafeHtml)) throw new TypeError("render() takes an html`` template");
  element.innerHTML = template.text;
}

const drawn = new WeakMap(); // element -> the HTML drawIfChanged last drew into it

/** Draw a template into element unless it already shows exactly that: a screen that sync
 *  redraws keeps a tap that lands meanwhile, open selects and what is being typed. */
export function drawIfChanged(element, template) {
  const text = String(template);
  if (drawn.get(element) === text && element.innerHTML) return false;
  render(element, template);
  drawn.set(element, text);
  return true;
}
