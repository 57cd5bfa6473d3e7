// Uploading a file as multipart form data; api.js speaks JSON only. Same CSRF header,
// same language, same errors (ApiError / OfflineError) as api().
import { ApiError, OfflineError } from "../api.js";
import { getLang } from "../i18n.js";

function announce(reachable) {
  window.dispatchEvent(new CustomEvent("qz:network", { detail: { reachable } }));
}

/** POST fields (a {name: string | File} object) to path; answers the parsed JSON. */
export async function upload(path, fields) {
  const form = new FormData();
  Object.entries(fields).forEach(([name, value]) => form.append(name, value));
  let response;
  try {
    response = await fetch(path, {
      method: "POST", body: form, credentials: "same-origin", cache: "no-store",
      headers: { Accept: "application/json", "Accept-Language": getLang(),
                 "X-Requested-With": "qzapp" },
    });
  } catch {
    announce(false);
    throw new OfflineError();
  }
  announce(true);
  const data = await response.json().catch(() => null);
  if (!response.ok || !data || data.ok === false) throw new ApiError(response.status, data);
  return data;
}
