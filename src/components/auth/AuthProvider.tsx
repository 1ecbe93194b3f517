import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Session } from "@supabase/supabase-js";
import { useQueryClient } from "@tanstack/react-query";
import { AuthContext, type Credentials, type SignOutReason } from "@/components/auth/useAuth";
import { supabase } from "@/lib/supabase";

async function signIn(credentials: Credentials) {
  const { error } = await supabase.auth.signInWithPassword(credentials);
  if (error) throw error;
}


export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [signOutReason, setSignOutReason] = useState<SignOutReason | null>(null);

  useEffect(() => {
    let active = true;
    supabase.auth.getSession().then(({ data }) => {
      if (active) setSession(data.session);
    });
    const { data } = supabase.auth.onAuthStateChange((event, next) => {
      setSession(next);
      // Another user may sign in next in this tab; never show them this user's cached data.
      if (event === "SIGNED_OUT") queryClient.clear();
      if (event === "SIGNED_IN") setSignOutReason(null);
    });
    return () => {
      active = false;
      data.subscription.unsubscribe();
    };
  }, [queryClient]);

  const signOut = useCallback(async (reason?: SignOutReason) => {
    // Set before the session ends, so the sign-in page has it on its first render.
    setSignOutReason(reason ?? null);
    const { error } = await supabase.auth.signOut();
    if (error) throw error;
  }, []);

  const value = useMemo(() => ({ session, signIn, signOut, signOutReason }), [session, signOut, signOutReason]);
  return <AuthContext value={value}>{children}</AuthContext>;
}
