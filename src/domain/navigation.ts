/**
 * The one list of pages a signed-in user can reach. The sidebar, the command palette and the
 * route guard all read it, so a page is added to the app by adding one entry here (and its
 * <Route> in src/App.tsx): it then appears for exactly the roles listed, and anyone else who types
 * its URL gets the "not allowed" page.
 *
 * The guard is UI only; row level security in the database is what actually refuses the data.
 */
import type { LucideIcon } from "lucide-react";
import { Activity, BadgeCheck, Building, Building2, CalendarClock, Contact, Gauge, Handshake, HeartPulse, House, KeyRound, ListChecks, ListTodo, Magnet, Mail, Scale, ShieldCheck, SquareKanban, UserRound, UsersRound, Workflow } from "lucide-react";
import type { Database } from "@/types/database";

export type Role = Database["public"]["Enums"]["app_role"];

/** Every role, in the order the product lists them. */
export const ROLES = ["rep", "manager", "cs_manager", "executive", "admin"] as const satisfies readonly Role[];

export type NavSection = "main" | "settings";

export const NAV_SECTIONS: Record<NavSection, string> = {
  main: "Workspace",
  settings: "Settings",
};

export type NavEntry = {
  /** Stable id, used as React key and in tests. */
  id: string;
  /** The page's path; it also covers every path below it ("/deals" covers "/deals/42"). */
  path: string;
  label: string;
  section: NavSection;
  icon: LucideIcon;
  /** The roles that may open the page. */
  roles: readonly Role[];
  /** Extra words the command palette matches ("team", "invite" for Users & teams). */
  keywords?: readonly string[];
};

const EVERYONE = ROLES;

export const NAV_ENTRIES = [
  { id: "home", path: "/", label: "Home", section: "main", icon: House, roles: EVERYONE, keywords: ["dashboard", "start"] },
  {
    id: "pipeline",
    path: "/pipeline",
    label: "Pipeline",
    section: "main",
    icon: SquareKanban,
    roles: EVERYONE,
    keywords: ["board", "kanban", "deals", "stages"],
  },
  { id: "deals", path: "/deals", label: "Deals", section: "main", icon: Handshake, roles: EVERYONE, keywords: ["opportunities", "list", "export"] },
  { id: "leads", path: "/leads", label: "Leads", section: "main", icon: Magnet, roles: EVERYONE, keywords: ["prospects", "import", "convert"] },
  { id: "accounts", path: "/accounts", label: "Accounts", section: "main", icon: Building, roles: EVERYONE, keywords: ["companies", "customers", "import"] },
  { id: "contacts", path: "/contacts", label: "Contacts", section: "main", icon: Contact, roles: EVERYONE, keywords: ["people", "import"] },
  {
    id: "activities",
    path: "/activities",
    label: "My tasks",
    section: "main",
    icon: ListTodo,
    roles: EVERYONE,
    keywords: ["activities", "todo", "due", "overdue", "follow-up"],
  },
  {
    id: "approvals",
    path: "/approvals",
    label: "Approvals",
    section: "main",
    icon: BadgeCheck,
    roles: ["manager", "executive", "admin"],
    keywords: ["approve", "reject", "inbox", "discount", "decision"],
  },
  {
    id: "governance",
    path: "/governance",
    label: "Governance",
    section: "main",
    icon: Scale,
    roles: ["manager", "executive"],
    keywords: ["score distribution", "classification", "cycle time", "exception rate", "discount leakage", "metrics"],
  },
  {
    id: "customers",
    path: "/customers",
    label: "Customers",
    section: "main",
    icon: HeartPulse,
    roles: EVERYONE,
    keywords: ["customer success", "health", "at risk", "churn", "CSM", "health report"],
  },
  {
    id: "renewals",
    path: "/renewals",
    label: "Renewals",
    section: "main",
    icon: CalendarClock,
    roles: EVERYONE,
    keywords: ["contracts", "renewal deal", "churn", "upcoming"],
  },
  {
    id: "outbox",
    path: "/outbox",
    label: "Email outbox",
    section: "main",
    icon: Mail,
    roles: ["cs_manager", "admin"],
    keywords: ["emails", "queued", "sent", "failed", "playbook emails"],
  },
  {
    id: "profile",
    path: "/settings/profile",
    label: "My profile",
    section: "settings",
    icon: UserRound,
    roles: EVERYONE,
    keywords: ["name", "title", "account"],
  },
  {
    id: "password",
    path: "/settings/password",
    label: "Password",
    section: "settings",
    icon: KeyRound,
    roles: EVERYONE,
    keywords: ["change password", "security"],
  },
  {
    id: "users",
    path: "/settings/users",
    label: "Users & teams",
    section: "settings",
    icon: UsersRound,
    roles: ["admin"],
    keywords: ["people", "invite", "deactivate", "team", "manager", "role"],
  },
  {
    id: "organization",
    path: "/settings/organization",
    label: "Organisation",
    section: "settings",
    icon: Building2,
    roles: ["admin"],
    keywords: ["company", "currency", "fiscal year"],
  },
  {
    id: "pipelines",
    path: "/settings/pipelines",
    label: "Pipelines",
    section: "settings",
    icon: Workflow,
    roles: ["admin"],
    keywords: ["stages", "probability", "exit criteria", "transitions", "template", "PEAK", "rotting"],
  },
  {
    id: "scoring",
    path: "/settings/scoring",
    label: "Scoring",
    section: "settings",
    icon: Gauge,
    roles: ["admin"],
    keywords: ["deal score", "classification", "bands", "model", "rescore", "weights", "factors"],
  },
  {
    id: "approval-policies",
    path: "/settings/approval-policies",
    label: "Approval policies",
    section: "settings",
    icon: ShieldCheck,
    roles: ["admin"],
    keywords: ["approval", "discount", "threshold", "steps", "approvers"],
  },
  {
    id: "health-score",
    path: "/settings/health-score",
    label: "Health score",
    section: "settings",
    icon: Activity,
    roles: ["admin"],
    keywords: ["customer health", "indicators", "weights", "thresholds", "validation", "AUC", "run now", "health job"],
  },
  {
    id: "playbooks",
    path: "/settings/playbooks",
    label: "Playbooks",
    section: "settings",
    icon: ListChecks,
    roles: ["admin"],
    keywords: ["customer success", "re-engagement", "check-in", "in-app message", "automation"],
  },
] as const satisfies readonly NavEntry[];

export type NavEntryId = (typeof NAV_ENTRIES)[number]["id"];

function normalise(pathname: string) {
  const trimmed = pathname.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

function covers(entryPath: string, pathname: string) {
  if (entryPath === "/") return pathname === "/";
  return pathname === entryPath || pathname.startsWith(`${entryPath}/`);
}

/** The entry that owns a path: the one with the longest matching path, or undefined. */
export function findNavEntry(pathname: string, entries: readonly NavEntry[] = NAV_ENTRIES): NavEntry | undefined {
  const path = normalise(pathname);
  let best: NavEntry | undefined;
  for (const entry of entries) {
    if (covers(entry.path, path) && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best;
}

/** The entries a role sees, in list order. No role (no profile) sees nothing. */
export function navFor(role: Role | null | undefined, entries: readonly NavEntry[] = NAV_ENTRIES): NavEntry[] {
  if (!role) return [];
  return entries.filter((entry) => entry.roles.includes(role));
}

/** The same entries grouped by section, sections in NAV_SECTIONS order, empty sections left out. */
export function navSectionsFor(role: Role | null | undefined, entries: readonly NavEntry[] = NAV_ENTRIES) {
  const visible = navFor(role, entries);
  return (Object.keys(NAV_SECTIONS) as NavSection[])
    .map((section) => ({ section, label: NAV_SECTIONS[section], entries: visible.filter((e) => e.section === section) }))
    .filter((group) => group.entries.length > 0);
}

/**
 * Whether a role may open a path. Paths no entry owns are allowed here: they are either
 * public or unknown, and the router answers unknown paths with the 404 page.
 */
export function canVisit(role: Role | null | undefined, pathname: string, entries: readonly NavEntry[] = NAV_ENTRIES) {
  const entry = findNavEntry(pathname, entries);
  if (!entry) return true;
  return !!role && entry.roles.includes(role);
}

/** Whether a sidebar link is the current page (Home only on "/" itself). */
export function isActiveEntry(entry: Pick<NavEntry, "path">, pathname: string) {
  return covers(entry.path, normalise(pathname));
}
