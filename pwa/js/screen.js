// A screen's lifetime: the router gives each screen an AbortSignal that ends when the user
// leaves it, and a screen listens to sync only through this helper, with that signal, so no
// listener outlives its screen and no screen forgets to let go.

// Sync brings records (qz:data); a run starts or ends (qz:sync).
export const SYNC_DATA = ["qz:data"];
export const SYNC_STATUS = ["qz:sync"];

/** Call handler on each of the window events (sync's by default) while the screen is shown. */
export function onSync(signal, handler, events = SYNC_DATA) {
  for (const name of events) window.addEventListener(name, handler, { signal });
}
