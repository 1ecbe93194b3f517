import type { Location } from "react-router-dom";

type SignInState = { from?: Pick<Location, "pathname" | "search" | "hash"> };

/** Router state that remembers the page a signed-out visitor asked for. */
export function signInState(from: Location): SignInState {
  return { from };
}

/** Where to go after sign-in: the page the visitor asked for, or home. */
export function returnPath(state: unknown) {
  const from = (state as SignInState | null)?.from;
  if (!from || from.pathname === "/sign-in") return "/";
  return `${from.pathname}${from.search}${from.hash}`;
}
