import { NavLink, useLocation } from "react-router-dom";
import { Skeleton } from "@/components/ui/skeleton";
import { isActiveEntry, navSectionsFor, type Role } from "@/domain/navigation";
import { cn } from "@/lib/utils";

type Props = {
  /** undefined while the profile loads; null when the user has no profile (and so no pages). */
  role: Role | null | undefined;
  /** Called after a link is followed, so the mobile sheet can close. */
  onNavigate?: () => void;
};

/** The pages the user's role may open, grouped by section. One list for the sidebar and the sheet. */
export function SidebarNav({ role, onNavigate }: Props) {
  const { pathname } = useLocation();

  if (role === undefined) {
    return (
      <div className="grid gap-2 px-3 py-2" aria-busy="true" aria-label="Loading navigation">
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} className="h-8 w-full" />
        ))}
      </div>
    );
  }

  return (
    <nav aria-label="Main" className="grid gap-4 px-3 py-2">
      {navSectionsFor(role).map((group) => (
        <div key={group.section} className="grid gap-1">
          <h2 className="px-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">{group.label}</h2>
          <ul className="grid gap-0.5">
            {group.entries.map((entry) => {
              const active = isActiveEntry(entry, pathname);
              return (
                <li key={entry.id}>
                  <NavLink
                    to={entry.path}
                    end={entry.path === "/"}
                    onClick={onNavigate}
                    className={cn(
                      "flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                      active && "bg-accent text-accent-foreground",
                    )}
                  >
                    <entry.icon className="size-4 shrink-0" aria-hidden />
                    <span className="truncate">{entry.label}</span>
                  </NavLink>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
