// A screen's own stylesheet, added to the page the first time the screen is shown: screens
// most people open seldom keep their styles out of what a first load fetches.

/** Add the stylesheet at href to the page, once. */
export function useStylesheet(href) {
  if (document.querySelector(`link[rel=stylesheet][href="${href}"]`)) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
}
