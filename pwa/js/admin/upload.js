// Uploading a file (with other fields) as multipart form data through api().
import { api } from "../api.js";

/** POST fields (a {name: string | File} object) to path; answers the parsed JSON (an import
 *  answers {job} at once: follow it with widgets/job-progress.js). */
export function upload(path, fields) {
  const form = new FormData();
  Object.entries(fields).forEach(([name, value]) => form.append(name, value));
  return api(path, { method: "POST", body: form });
}
