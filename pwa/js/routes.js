// Every screen of the app, in one list. Adding a screen (and its tab) is one line here.
//   path:  the #/path it answers       view:  module exporting render(root, params)
//   title: catalogue key of its title  tab:   {icon} when it has a bottom-navigation tab
//   roles: who may open it (omitted: any logged-in user)   public: open without login
//   parent: the tab that stays lit on a sub-screen
//   refetch: shows server data; drawn again when the connection comes back
export const ROUTES = [
  { path: "login", view: "./views/login.js", title: "login.title", public: true },
  { path: "home", view: "./views/home.js", title: "nav.home", tab: { icon: "home" },
    refetch: true },
  { path: "me", view: "./views/me.js", title: "nav.me", tab: { icon: "user" } },
  { path: "password", view: "./views/password.js", title: "password.title", parent: "me" },
];

export const HOME = "home";
export const LOGIN = "login";
