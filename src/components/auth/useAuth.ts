import { createContext, use } from "react";
import type { Session, User } from "@supabase/supabase-js";

export type Credentials = { email: string; password: string };

export type AuthContextValue = {
  /** undefined until the stored session has been read; null when signed out. */
  session: Session | null | undefined;
  /** Rejects with Supabase's error (its message is fit to show) when sign-in fails. */
  signIn: (credentials: Credentials) => Promise<void>;
  signOut: () => Promise<void>;
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
