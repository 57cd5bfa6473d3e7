// A research report's file (PDF or Word), sent with a connection: named by the SHA-256 of its
// bytes and sent once (PUT /api/leaders/documents/<sha>, idempotent). The phone refuses what
// cannot be one by its name and size (the served rules); the server judges by the bytes, and
// its own words are shown when it refuses.
import { api, ApiError } from "../api.js";
import { t } from "../i18n.js";
import { sha256 } from "../photos.js";
import { LEADERS, LIMITS } from "./rules.js";

const MB = 1024 * 1024;
// The longest file name a report keeps (qzapp/leaders/rules.py DOCUMENT_NAME_MAX).
const NAME_MAX = LIMITS.document_name_max;

/** What the file picker offers. */
export const ACCEPT = LEADERS.document_kinds.map((kind) => `.${kind}`).join(",");

/** Why a picked file cannot be a report's file ("" when it may be sent). */
export function fileProblem(file) {
  const kind = String(file.name).split(".").pop().toLowerCase();
  if (!file.name.includes(".") || !LEADERS.document_kinds.includes(kind)) {
    return t("leaders.document_kind");
  }
  if (file.size > LEADERS.document_max_bytes) {
    return t("leaders.document_too_large", { mb: Math.floor(LEADERS.document_max_bytes / MB) });
  }
  return "";
}

/** A file name as a report keeps it: at most NAME_MAX characters, its kind kept at the end. */
export function keptName(name) {
  if (name.length <= NAME_MAX) return name;
  const dot = name.lastIndexOf(".");
  const end = dot > 0 ? name.slice(dot) : "";
  return name.slice(0, NAME_MAX - end.length) + end;
}

/** Send a file: {sha, name} once the server has it; throws {message} with the words to show
 *  (the server's refusal, or that it needs a connection). */
export async function sendDocument(file) {
  const problem = fileProblem(file);
  if (problem) throw new Error(problem);
  const sha = await sha256(file);
  const body = new Blob([file], { type: file.type || "application/octet-stream" });
  try {
    await api(`/api/leaders/documents/${sha}`, { method: "PUT", body });
  } catch (error) {
    if (error instanceof ApiError) throw new Error(error.message);
    throw new Error(t("leader.report.file_needs_network"));
  }
  return { sha, name: keptName(file.name) };
}
