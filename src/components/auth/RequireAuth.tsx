import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { signInState } from "@/components/auth/redirect";
import { useAuth } from "@/components/auth/useAuth";
import { PageLoader } from "@/components/layout/PageLoader";

/** Renders its children for signed-in users; sends everyone else to /sign-in and back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();

  if (session === undefined) return <PageLoader />;
  if (!session) return <Navigate to="/sign-in" replace state={signInState(location)} />;
  return children;
}
