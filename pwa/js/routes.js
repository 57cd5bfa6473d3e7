// Every screen of the app, in one list. Adding a screen (and its tab) is one line here.
//   path:  the #/path it answers       view:  module exporting render(root, params)
//   title: catalogue key of its title  tab:   {icon} when it has a bottom-navigation tab
//   roles: who may open it (omitted: any logged-in user)   public: open without login
//   parent: the tab that stays lit on a sub-screen
//   refetch: shows server data; drawn again when the connection comes back

// Who writes diaries (qzapp/diary/entity.py WRITERS).
const DIARY_WRITERS = ["cadre", "first_secretary", "village_staff", "grid_worker", "leader"];

export const ROUTES = [
  { path: "login", view: "./views/login.js", title: "login.title", public: true },
  { path: "home", view: "./views/home.js", title: "nav.home", tab: { icon: "home" },
    refetch: true },
  { path: "diary", view: "./views/diary.js", title: "nav.diary", tab: { icon: "diary" },
    roles: DIARY_WRITERS },
  { path: "diary-new", view: "./views/diary-form.js", title: "diary.form.title", parent: "diary",
    roles: DIARY_WRITERS },
  { path: "sync", view: "./views/sync.js", title: "syncui.title" },
  { path: "admin", view: "./views/admin-home.js", title: "nav.admin", tab: { icon: "org" },
    roles: ["admin", "supervisor"], refetch: true },
  { path: "admin/org", view: "./views/admin-org.js", title: "admin.org.title", parent: "admin",
    roles: ["admin"], refetch: true },
  { path: "admin/node", view: "./views/admin-node.js", title: "admin.node.title", parent: "admin",
    roles: ["admin"] },
  { path: "admin/users", view: "./views/admin-users.js", title: "admin.users.title",
    parent: "admin", roles: ["admin", "supervisor"], refetch: true },
  { path: "admin/user", view: "./views/admin-user.js", title: "admin.user.title",
    parent: "admin", roles: ["admin", "supervisor"] },
  { path: "admin/user-new", view: "./views/admin-user-new.js", title: "admin.user_new.title",
    parent: "admin", roles: ["admin"] },
  { path: "admin/import", view: "./views/admin-import.js", title: "admin.import.title",
    parent: "admin", roles: ["admin"] },
  { path: "me", view: "./views/me.js", title: "nav.me", tab: { icon: "user" } },
  { path: "password", view: "./views/password.js", title: "password.title", parent: "me" },
];

export const HOME = "home";
export const LOGIN = "login";
