import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { ChartNoAxesCombined, Menu, Search } from "lucide-react";
import { Link, Outlet, useLocation } from "react-router-dom";
import { RequireRole } from "@/components/auth/RequireRole";
import { useAuth, useUser } from "@/components/auth/useAuth";
import { ErrorBoundary } from "@/components/layout/ErrorBoundary";
import { PageLoader } from "@/components/layout/PageLoader";
import { SidebarNav } from "@/components/layout/SidebarNav";
import { UserMenu } from "@/components/layout/UserMenu";
import { NotificationBell } from "@/components/notifications/NotificationBell";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Toaster } from "@/components/ui/sonner";
import { mustChangePassword } from "@/domain/account";
import { useProfile } from "@/hooks/useProfile";

// cmdk is only needed once someone opens the palette.
const CommandPalette = lazy(() => import("@/components/layout/CommandPalette"));
const ChooseNewPasswordPage = lazy(() => import("@/pages/ChooseNewPasswordPage"));

function Brand({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <Link
      to="/"
      onClick={onNavigate}
      className="flex min-w-0 items-center gap-2 rounded-md font-semibold focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
    >
      <ChartNoAxesCombined className="size-5 shrink-0" aria-hidden />
      <span className="truncate text-sm">Revenue Acceleration</span>
    </Link>
  );
}

/** Ctrl-K / Cmd-K toggles the palette from anywhere in the signed-in app. */
function usePaletteHotkey(toggle: () => void) {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        toggle();
      }
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [toggle]);
}

/**
 * The signed-in frame: a sidebar with the pages the user's role may open (a sheet below 1024 px),
 * a top bar with search and the user menu, the current page, and toasts. A user who still holds
 * an administrator's temporary password sees only the "choose a new password" screen.
 */
export default function AppShell() {
  const user = useUser();
  const profile = useProfile(user.id);
  // A deactivated user's token still works until it expires, but reads nothing, not even their
  // own profile (docs/identity-api.md): end the session and say why on the sign-in page.
  const noProfile = profile.isSuccess && profile.data === null;
  const { signOut } = useAuth();
  useEffect(() => {
    // RequireAuth then sends them to the sign-in page, which explains the reason.
    if (noProfile) signOut("inactive").catch(() => {});
  }, [noProfile, signOut]);

  return (
    <>
      {profile.isPending || noProfile ? (
        <PageLoader />
      ) : mustChangePassword(profile.data) ? (
        <Suspense fallback={<PageLoader />}>
          <ChooseNewPasswordPage />
        </Suspense>
      ) : (
        <ShellLayout />
      )}
      {/* Outside the branch above, so a toast raised on the password screen survives the switch. */}
      <Toaster />
    </>
  );
}

function ShellLayout() {
  const user = useUser();
  const profile = useProfile(user.id);
  // undefined while loading, so the nav shows skeletons; null when there is no profile.
  const role = profile.isPending ? undefined : (profile.data?.role ?? null);
  const { pathname } = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  // Mount the palette (and fetch its chunk) on first use only; keep it mounted afterwards.
  const [paletteUsed, setPaletteUsed] = useState(false);

  const togglePalette = useCallback(() => {
    setPaletteUsed(true);
    setPaletteOpen((open) => !open);
  }, []);
  usePaletteHotkey(togglePalette);

  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[16rem_minmax(0,1fr)]">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:ring-2 focus:ring-ring"
      >
        Skip to content
      </a>

      <aside className="sticky top-0 hidden h-dvh flex-col gap-2 overflow-y-auto border-r bg-muted/30 lg:flex">
        <div className="flex h-14 shrink-0 items-center px-5 border-b">
          <Brand />
        </div>
        <SidebarNav role={role} />
      </aside>

      <Sheet open={navOpen} onOpenChange={setNavOpen}>
        <SheetContent side="left" className="w-72 gap-2 p-0">
          <SheetHeader className="h-14 justify-center py-0 pl-5 pr-12">
            <SheetTitle asChild>
              <div>
                <Brand onNavigate={() => setNavOpen(false)} />
              </div>
            </SheetTitle>
            <SheetDescription className="sr-only">Pages you can open</SheetDescription>
          </SheetHeader>
          <SidebarNav role={role} onNavigate={() => setNavOpen(false)} />
        </SheetContent>
      </Sheet>

      <div className="flex min-h-dvh min-w-0 flex-col">
        <header className="sticky top-0 z-40 border-b bg-background/95 backdrop-blur supports-[backdrop-filter]:bg-background/60">
          <div className="flex h-14 items-center gap-2 px-4 sm:px-6">
            <Button
              variant="ghost"
              size="icon"
              className="lg:hidden"
              aria-label="Open navigation"
              onClick={() => setNavOpen(true)}
            >
              <Menu aria-hidden />
            </Button>
            <div className="min-w-0 lg:hidden">
              <Brand />
            </div>
            <div className="ml-auto flex items-center gap-2">
              <Button
                variant="outline"
                className="h-9 gap-2 px-2 text-muted-foreground sm:w-56 sm:justify-start sm:px-3"
                onClick={togglePalette}
                aria-keyshortcuts="Control+K Meta+K"
              >
                <Search aria-hidden />
                <span className="sr-only sm:not-sr-only">Go to page…</span>
                <kbd
                  aria-hidden
                  className="ml-auto hidden rounded border bg-background px-1.5 font-mono text-[11px] font-medium sm:inline"
                >
                  Ctrl K
                </kbd>
              </Button>
              <NotificationBell />
              <UserMenu />
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-screen-xl flex-1 px-4 py-6 outline-none sm:px-6">
          {/* Keyed by path so an error on one page clears when the user navigates away. */}
          <ErrorBoundary key={pathname}>
            <Suspense fallback={<PageLoader />}>
              <RequireRole>
                <Outlet />
              </RequireRole>
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>

      {paletteUsed && (
        <Suspense fallback={null}>
          <CommandPalette open={paletteOpen} onOpenChange={setPaletteOpen} role={role} />
        </Suspense>
      )}
    </div>
  );
}
