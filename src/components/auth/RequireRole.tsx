import type { ReactNode } from "react";
import { useLocation } from "react-router-dom";
import { useUser } from "@/components/auth/useAuth";
import { PageLoader } from "@/components/layout/PageLoader";
import { ErrorState } from "@/components/layout/States";
import { canVisit } from "@/domain/navigation";
import { useProfile } from "@/hooks/useProfile";
import NotAllowedPage from "@/pages/NotAllowedPage";

/**
 * Renders the page when the user's role may open the current path (per src/domain/navigation.ts),
 * and the "not allowed" page otherwise. The role comes from the profile row — the database's
 * truth — never from the token's user_metadata, which the user can write.
 */
export function RequireRole({ children }: { children: ReactNode }) {
  const user = useUser();
  const { pathname } = useLocation();
  const profile = useProfile(user.id);

  if (profile.isPending) return <PageLoader />;
  if (profile.isError) {
    return <ErrorState title="Could not load your profile" error={profile.error} onRetry={() => void profile.refetch()} />;
  }
  const role = profile.data?.role ?? null;
  if (!canVisit(role, pathname)) return <NotAllowedPage role={role} />;
  return children;
}
