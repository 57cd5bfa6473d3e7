// "我的": who I am, language, notification settings, password, version, logout.
import { OfflineError } from "../api.js";
import { nodePath, roleChips } from "../format.js";
import { html, render as draw } from "../html.js";
import { getLang, LANGUAGES, setLang, t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { navigate } from "../router.js";
import { currentUser, logout } from "../session.js";
import { unsubscribePush } from "../widgets/push.js";
import { workerVersion } from "../worker.js";

function template(user) {
  const initial = (user.name || user.username || "?").slice(0, 1);
  return html`
    <section class="card profile">
      <span class="avatar" aria-hidden="true">${initial}</span>
      <div class="profile-text">
        <p class="profile-name">${user.name}</p>
        <p class="muted">${t("me.username", { username: user.username })}</p>
        <p class="muted">${nodePath(user.node)}</p>
        ${roleChips(user.roles)}
      </div>
    </section>
    <ul class="card list">
      <li class="list-row">
        <span id="lang-label">${t("me.language")}</span>
        <div class="segmented" role="group" aria-labelledby="lang-label">
          ${LANGUAGES.map((code) => html`<button type="button" data-lang="${code}"
              lang="${code}" aria-pressed="${code === getLang()}">${t(`lang.${code}`)}</button>`)}
        </div>
      </li>
      <li><a class="list-row list-link" href="#/dash-person" data-my-figures>
        <span>${t("dashboard.mine")}</span>${icon("chevron")}</a></li>
      <li><a class="list-row list-link" href="#/notify-settings">
        <span>${t("notify.title")}</span>${icon("chevron")}</a></li>
      <li><a class="list-row list-link" href="#/password">
        <span>${t("me.change_password")}</span>${icon("chevron")}</a></li>
      <li class="list-row"><span>${t("me.version")}</span>
        <span class="muted" data-version>${t("me.version_unknown")}</span></li>
    </ul>
    <button type="button" class="btn btn-danger btn-block" data-action="logout">
      ${t("me.logout")}</button>`;
}

async function onLogout(button) {
  if (!window.confirm(t("me.logout_confirm"))) return;
  button.disabled = true;
  try {
    await logout();
    // The next person to sign in here must not see this user's notices pop up: the
    // subscription dies here, and the server forgets it at its next push.
    await unsubscribePush().catch(() => {});
    navigate("login");
  } catch (error) {
    toast(error instanceof OfflineError ? t("me.logout_needs_network") : error.message, "error");
    button.disabled = false;
  }
}

/** Draw the "我的" screen. */
export async function render(root) {
  draw(root, template(currentUser()));
  root.querySelectorAll("[data-lang]").forEach((button) => {
    button.addEventListener("click", () => setLang(button.dataset.lang));
  });
  const logoutButton = root.querySelector("[data-action=logout]");
  logoutButton.addEventListener("click", () => onLogout(logoutButton));
  const version = await workerVersion();
  if (version) root.querySelector("[data-version]").textContent = version;
}
