import { createContext, use } from "react";

export const themes = ["light", "dark", "system"] as const;
export type Theme = (typeof themes)[number];

export type ThemeContextValue = {
  /** What the user chose. */
  theme: Theme;
  /** What is on screen: the choice, or the operating system's preference for "system". */
  resolvedTheme: "light" | "dark";
  setTheme: (theme: Theme) => void;
};

export const ThemeContext = createContext<ThemeContextValue | null>(null);

export function useTheme() {
  const context = use(ThemeContext);
  if (!context) throw new Error("useTheme must be used inside <ThemeProvider>");
  return context;
}
