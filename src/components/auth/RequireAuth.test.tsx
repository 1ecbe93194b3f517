import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { RequireAuth } from "@/components/auth/RequireAuth";
import SignInPage from "@/pages/SignInPage";
import { renderApp } from "@/test/render";
import { emitAuthChange, fakeSession, resetSupabaseMock, signedInAs, supabase } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(resetSupabaseMock);

const routes = (
  <Routes>
    <Route path="/sign-in" element={<SignInPage />} />
    <Route
      path="/deals"
      element={
        <RequireAuth>
          <h1>Deals</h1>
        </RequireAuth>
      }
    />
  </Routes>
);

test("shows the page to a signed-in user", async () => {
  signedInAs(fakeSession());
  renderApp(routes, { route: "/deals" });

  expect(await screen.findByRole("heading", { name: "Deals" })).toBeInTheDocument();
});

test("sends a signed-out visitor to sign in and back to the page they asked for", async () => {
  supabase.auth.signInWithPassword.mockImplementation(async () => {
    const session = fakeSession();
    emitAuthChange("SIGNED_IN", session);
    return { data: { user: session.user, session }, error: null };
  });
  renderApp(routes, { route: "/deals?stage=won" });
  const user = userEvent.setup();

  await user.type(await screen.findByLabelText("Email"), "ada@example.com");
  await user.type(screen.getByLabelText("Password"), "secret");
  await user.click(screen.getByRole("button", { name: "Sign in" }));

  expect(await screen.findByRole("heading", { name: "Deals" })).toBeInTheDocument();
});
