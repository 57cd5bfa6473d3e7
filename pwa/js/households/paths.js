// Where the household screens lead back to: a register keeper's (or supervisor's) 户籍台账
// tab, an administrator's register under 管理, or a cadre's 我的结对户.
import { hasRole } from "../session.js";
import { REGISTER_KEEPERS } from "./rules.js";

/** The register screen this user opens ("households" or "admin/households"). */
export function registerPath() {
  return hasRole([...REGISTER_KEEPERS, "supervisor"]) || !hasRole(["admin"])
    ? "households" : "admin/households";
}

/** The list a household page goes back to: [path, title key]. */
export function householdsHome() {
  if (hasRole(["cadre", "leader"])) return ["my-households", "nav.my_households"];
  return [registerPath(), "nav.households"];
}
