// The one door to the JSON API: adds the CSRF header and the UI language, parses the
// one error shape, and tells "no connection" apart from an answer the server refused.
import { getLang, t } from "./i18n.js";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The server answered with {ok: false, ...} or a non-2xx status. retryAfter: the seconds
 *  its Retry-After header asks the client to wait before trying again, or null. */
export class ApiError extends Error {
  constructor(status, body, retryAfter = null) {
    super(body?.error || t("net.server_error", { status }));
    this.status = status;
    this.code = body?.code || `http_${status}`;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
    this.retryAfter = retryAfter;
  }

  /** The message for one field of a form, if the server named that field. */
  fieldMessage(field) {
    return this.errors.find((e) => e.field === field)?.message || "";
  }
}

/** The request never reached the server (no signal, airplane mode, server down). */
export class OfflineError extends Error {
  constructor() {
    super(t("net.offline"));
    this.code = "offline";
  }
}

/** Retry-After in seconds (it may also be an HTTP date), or null when absent or unreadable. */
function retryAfterOf(response) {
  const value = response.headers.get("Retry-After")?.trim();
  if (!value) return null;
  const seconds = /^\d+$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : null;
}

function announce(reachable) {
  window.dispatchEvent(new CustomEvent("qz:network", { detail: { reachable } }));
}

/** Every item of a list the server answers a page at a time ({[key]: items, more,
 *  next_cursor}), asked for in pages of the most: a county's org tree, say. */
export async function allPages(path, key) {
  const items = [];
  let cursor = null;
  do {
    const page = await api(`${path}${path.includes("?") ? "&" : "?"}limit=500${cursor
      ? `&cursor=${cursor}` : ""}`);
    items.push(...page[key]);
    cursor = page.more ? page.next_cursor : null;
  } while (cursor);
  return items;
}

/** Call the API: api("/api/home"), api("/api/auth/login", {method: "POST", body}).
 *  A Blob body (a photo) is sent as it is, with its own type; FormData (a file upload) as
 *  multipart; anything else as JSON. */
export async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": getLang() };
  const isBlob = body instanceof Blob;
  const isForm = body instanceof FormData;
  if (UNSAFE.has(method)) headers["X-Requested-With"] = "qzapp";
  if (body !== undefined && !isForm) {
    headers["Content-Type"] = isBlob ? body.type : "application/json";
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: "same-origin", cache: "no-store",
      body: body === undefined || isBlob || isForm ? body : JSON.stringify(body),
    });
  } catch {
    announce(false);
    throw new OfflineError();
  }
  announce(true);
  const data = await response.json().catch(() => null);
  if (!response.ok || !data || data.ok === false) {
    throw new ApiError(response.status, data, retryAfterOf(response));
  }
  return data;
}
