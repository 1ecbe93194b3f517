import { createContext, use } from "react";
import type { Session, User } from "@supabase/supabase-js";

export type Credentials = { email: string; password: string };

/** Why the app ended a session by itself, for the sign-in page to explain. */
export type SignOutReason = "inactive";

export type AuthContextValue = {
  /** undefined until the stored session has been read; null when signed out. */
  session: Session | null | undefined;
  /** Rejects with Supabase's error (its message is fit to show) when sign-in fails. */
  signIn: (credentials: Credentials) => Promise<void>;
  /** Ends the session; a reason is kept (until the next sign-in) for the sign-in page to show. */
  signOut: (reason?: SignOutReason) => Promise<void>;
  /** The reason given to the last signOut, until someone signs in again. */
  signOutReason: SignOutReason | null;
};

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth() {
  const context = use(AuthContext);
  if (!context) throw new Error("useAuth must be used inside <AuthProvider>");
  return context;
}

/** The signed-in user, for components rendered behind <RequireAuth>. */
export function useUser(): User {
  const { session } = useAuth();
  if (!session) throw new Error("useUser must be used behind <RequireAuth>");
  return session.user;
}
