import type { ReactElement } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { MemoryRouter, type InitialEntry } from "react-router-dom";
import { AuthProvider } from "@/components/auth/AuthProvider";
import { createQueryClient } from "@/lib/queryClient";
import { ThemeProvider } from "@/lib/theme";

/** Renders with the app's providers, as src/main.tsx does, at the given route. */
export function renderApp(ui: ReactElement, { route = "/" }: { route?: InitialEntry } = {}) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false } });
  return render(
    <ThemeProvider>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[route]}>
          <AuthProvider>{ui}</AuthProvider>
        </MemoryRouter>
      </QueryClientProvider>
    </ThemeProvider>,
  );
}
