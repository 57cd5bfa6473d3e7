// An import running as a job on the server: progress bars of the rows checked and written,
// asked for every second until the job ends. The done job's result is returned; a failed
// job's error is thrown as an ApiError (its refused rows as the error table shows them). The
// job is remembered for the tab, so coming back to the screen shows it again.
import { ApiError, OfflineError, api } from "../api.js";
import { formatCount } from "../format.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";

const POLL_MS = 1000;
const RETRY_MS = 3000;
const STORAGE = "qz:job:";

function bar(label, value, max) {
  const known = max > 0;
  return html`<div class="job-bar">
      <span class="job-bar-label">${label}</span>
      ${known ? html`<progress max="${max}" value="${Math.min(value, max)}"></progress>`
        : html`<progress></progress>`}
    </div>`;
}

/** The job's phase, its bars and counts. */
function progressCard(job, note = "") {
  const total = job.total ?? 0;
  const phase = job.state === "queued" ? "queued" : job.phase || "read";
  const counts = total ? t("job.counts", { checked: formatCount(job.checked),
    total: formatCount(total), written: formatCount(job.written) })
    : t("job.counts_reading", { checked: formatCount(job.checked) });
  return html`<section class="card job-progress" role="status" aria-live="polite"
      data-job-phase="${phase}">
    <p><strong>${t(`job.phase.${phase}`)}</strong></p>
    ${bar(t("job.checked"), job.checked, total)}
    ${phase === "hash" ? html`<p class="muted" data-job-prepared>${
      t("job.prepared", { prepared: formatCount(job.prepared) })}</p>` : ""}
    ${bar(t("job.written"), job.written, total)}
    <p class="muted" data-job-counts>${counts}</p>
    ${note ? html`<p class="notice notice-warn">${note}</p>` : ""}
    <p class="muted">${t("job.keep_open")}</p>
  </section>`;
}

function pause(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

function forget(key) {
  try { sessionStorage.removeItem(STORAGE + key); } catch { /* private mode */ }
}

/** Follow job (as an upload answered it) in slot until it ends; key names the screen, so
 *  that it can pick the job up again (see pendingJob). Resolves to the job's result, or to
 *  null when the user left the screen; rejects with an ApiError when the job failed. */
export async function followJob(slot, job, key, signal) {
  try { sessionStorage.setItem(STORAGE + key, job.id); } catch { /* private mode */ }
  let current = job;
  let note = "";
  for (;;) {
    if (signal?.aborted) return null;
    if (current.state === "done") {
      forget(key);
      return current.result;
    }
    if (current.state === "failed") {
      forget(key);
      throw new ApiError(400, { ok: false, ...current.error });
    }
    draw(slot, progressCard(current, note));
    await pause(note ? RETRY_MS : POLL_MS, signal);
    if (signal?.aborted) return null;
    try {
      current = (await api(`/api/jobs/${encodeURIComponent(current.id)}`)).job;
      note = "";
    } catch (error) {
      if (!(error instanceof OfflineError)) {
        forget(key);
        throw error;
      }
      note = t("job.retrying"); // the job goes on on the server; ask again soon
    }
  }
}

/** The job this screen started and did not see end (in this tab), or null. */
export async function pendingJob(key) {
  let id = null;
  try { id = sessionStorage.getItem(STORAGE + key); } catch { /* private mode */ }
  if (!id) return null;
  try {
    return (await api(`/api/jobs/${encodeURIComponent(id)}`)).job;
  } catch {
    forget(key);
    return null;
  }
}
