// 扫码签到: at a service post, the member points the phone at the post's poster. The camera
// reads its QR code (widgets/qr-camera.js), and the check-in is saved on the phone at once with
// the time and the position where allowed (offline too: sync sends it later); the next scan at
// the same post checks out. A typed field takes the short code printed under the QR code for a
// camera that will not read it. The phone checks only a code's shape: the server checks its
// signature at sync, and a refused record stays here and in 同步 with the server's reason.
//   #/duty-scan
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { onSync } from "../screen.js";
import { currentUser } from "../session.js";
import {
  knownCommunity, myCheckins, openCheckins, postOfCode, postPartOf, postPartOfCheckin, readCode,
  recordAtPost,
} from "../widgets/duty-checkins.js";
import { hoursCard } from "../widgets/duty-hours.js";
import { startScanner } from "../widgets/qr-camera.js";
import { useStylesheet } from "../widgets/styles.js";

const GPS = { enableHighAccuracy: true, maximumAge: 60000, timeout: 30000 };
const HISTORY = 12;
const CAMERA_PROBLEMS = { NotAllowedError: "denied", SecurityError: "denied",
  NotSupportedError: "unsupported" };

function clock(at) {
  return String(at ?? "").slice(11, 16);
}

function day(at) {
  return String(at ?? "").slice(5, 10);
}

function postName(data, posts) {
  const post = posts.find((p) => p.id === data.post_id)
    ?? posts.find((p) => postPartOf(p.id) === postPartOfCheckin({ data }));
  return post?.title ?? t("duty.scan.unknown_post", { code: postPartOfCheckin({ data }) ?? "" });
}

function stateLine(checkins, posts) {
  const [open] = openCheckins(checkins);
  if (!open) return html`<p data-scan-state="none">${t("duty.scan.state_none")}</p>`;
  return html`<p data-scan-state="open"><strong>${t("duty.scan.state_open", {
    post: postName(open.data, posts), time: clock(open.data.at) })}</strong></p>`;
}

function statusChip(checkin) {
  const cls = { pending: "status-pending", rejected: "status-rejected" }[checkin.status] ?? "";
  const status = checkin.status === "rejected" || checkin.status === "pending"
    ? checkin.status : "synced";
  return html`<span class="status ${cls}" data-status="${status}"
    >${t(`duty.scan.status.${status}`)}</span>`;
}

function historyRow(checkin, posts) {
  const flags = checkin.data.flags ?? [];
  return html`<li class="list-row duty-checkin" data-checkin="${checkin.id}"
      data-kind="${checkin.data.kind}"><span class="row-text">
    <strong>${t(`duty.scan.kind.${checkin.data.kind}`)} ${day(checkin.data.at)} ${clock(
      checkin.data.at)} · ${postName(checkin.data, posts)}</strong>
    ${flags.length ? html`<span class="chips">${flags.map((flag) => html`<span
      class="chip chip-warn">${t(`duty.flag.${flag}`)}</span>`)}</span>` : ""}
    ${checkin.status === "rejected" ? html`<span class="rejected-reason" data-reason>${t(
      "duty.scan.refused", { reason: checkin.reason ?? "" })} <a href="#/sync">${t(
      "duty.scan.open_sync")}</a></span>` : ""}
    </span>${statusChip(checkin)}</li>`;
}

function history(checkins, posts) {
  if (!checkins.length) return html`<p class="card muted">${t("duty.scan.history_empty")}</p>`;
  return html`<ul class="card list duty-history">${checkins.slice(0, HISTORY).map(
    (checkin) => historyRow(checkin, posts))}</ul>`;
}

function template() {
  return html`<a class="back-link" href="#/duty">${icon("back")}${t("duty.scan.back")}</a>
    <section class="card duty-scan">
      <div data-state></div>
      <div class="scan-frame"><video class="scan-video" muted playsinline data-video></video>
      </div>
      <p class="muted" data-camera role="status">${t("duty.scan.camera_starting")}</p>
      <div data-result aria-live="polite"></div>
      <button type="button" class="btn btn-primary btn-block" data-action="again" hidden>
        ${icon("camera")}${t("duty.scan.scan_again")}</button>
    </section>
    <form class="card form duty-typed" novalidate data-typed>
      <label class="field"><span class="field-label">${t("duty.scan.typed_label")}</span>
        <input name="code" autocomplete="off" autocapitalize="characters" spellcheck="false"
          inputmode="text" maxlength="20" placeholder="XXXX-XXXXXX">
        <span class="field-error" data-error-for="code"></span>
        <span class="field-hint">${t("duty.scan.typed_hint")}</span></label>
      <button type="submit" class="btn btn-secondary btn-block">${t("duty.scan.typed_submit")}
      </button>
    </form>
    <p class="muted duty-scan-note">${t("duty.scan.server_checks")}</p>
    <h2 class="section-title">${t("duty.scan.history")}</h2>
    <div data-history></div>
    <div data-my-hours></div>`;
}

function resultCard(saved, post, ms) {
  const { data } = saved;
  const where = typeof data.lat === "number"
    ? t("duty.scan.position", { accuracy: Math.round(data.accuracy ?? 0) })
    : t("duty.scan.no_position");
  return html`<div class="notice notice-ok duty-saved" data-saved="${saved.kind}"
      data-save-ms="${Math.round(ms)}">
    <strong>${t(`duty.scan.saved_${saved.kind}`, { time: clock(data.at),
      post: post?.title ?? t("duty.scan.unknown_post", { code: postPartOfCheckin(saved) }) })}
    </strong><span>${where}</span><span>${t("duty.scan.saved_offline")}</span></div>`;
}

/** Draw the scan screen: camera, typed code, my check-ins. */
export async function render(root, params, signal) {
  useStylesheet("/js/widgets/duty-scan.css");
  const uid = currentUser().id;
  draw(root, template());
  const slot = (name) => root.querySelector(`[data-${name}]`);
  let answer = await knownCommunity(uid);
  let posts = answer?.posts ?? [];
  let position = null;
  let stopCamera = null;
  let saving = false;

  const paint = async () => {
    const [checkins, hours] = await Promise.all([myCheckins(uid),
      hoursCard(uid, currentUser())]);
    if (signal.aborted) return;
    draw(slot("state"), stateLine(checkins, posts));
    draw(slot("history"), history(checkins, posts));
    draw(slot("my-hours"), hours);
  };
  const save = async (read, started) => {
    saving = true;
    try {
      const post = postOfCode(read, posts);
      const saved = await recordAtPost(uid, read, { post, position, answer });
      draw(slot("result"), resultCard(saved, post, performance.now() - started));
      navigator.vibrate?.(80);
      await paint();
    } finally {
      saving = false;
    }
  };
  const onCode = (text) => {
    if (saving || !stopCamera) return;
    const started = performance.now();
    const read = readCode(text);
    if (!read) {
      slot("camera").textContent = t("duty.scan.not_a_code");
      return;
    }
    // One scan, one record: the code stays in view, so the camera stops until asked again.
    stopCamera();
    stopCamera = null;
    slot("camera").textContent = "";
    root.querySelector(".scan-frame").hidden = true;
    root.querySelector("[data-action=again]").hidden = false;
    save(read, started);
  };
  const openCamera = async () => {
    root.querySelector("[data-action=again]").hidden = true;
    root.querySelector(".scan-frame").hidden = false;
    slot("camera").textContent = t("duty.scan.camera_starting");
    try {
      stopCamera = await startScanner(slot("video"), onCode, signal);
      if (!signal.aborted) slot("camera").textContent = t("duty.scan.camera_ready");
    } catch (error) {
      const why = CAMERA_PROBLEMS[error?.name ?? error?.message] ?? "failed";
      slot("camera").textContent = t(`duty.scan.camera_${why}`);
      root.querySelector(".scan-frame").hidden = true;
      root.querySelector("[data-action=again]").hidden = false;
    }
  };

  root.querySelector("[data-action=again]").addEventListener("click", () => {
    draw(slot("result"), html``);
    openCamera();
  });
  slot("typed").addEventListener("submit", async (event) => {
    event.preventDefault();
    const started = performance.now();
    const input = event.currentTarget.elements.code;
    const read = readCode(input.value);
    slot("typed").querySelector("[data-error-for=code]").textContent = read ? ""
      : t("duty.scan.typed_bad");
    input.setAttribute("aria-invalid", read ? "false" : "true");
    if (!read || saving) return;
    await save(read, started);
    input.value = "";
  });
  if (navigator.geolocation) {
    const watch = navigator.geolocation.watchPosition(({ coords }) => {
      position = { lat: Number(coords.latitude.toFixed(6)),
        lng: Number(coords.longitude.toFixed(6)), accuracy: Math.round(coords.accuracy) };
    }, () => {}, GPS);
    signal.addEventListener("abort", () => navigator.geolocation.clearWatch(watch));
  }
  onSync(signal, paint);
  await paint();
  openCamera();
  knownCommunity(uid, { refresh: navigator.onLine }).then((fresh) => {
    answer = fresh ?? answer;
    posts = answer?.posts ?? [];
    if (!signal.aborted) paint();
  });
}
