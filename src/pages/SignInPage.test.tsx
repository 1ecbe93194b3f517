import { AuthApiError } from "@supabase/supabase-js";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, type InitialEntry } from "react-router-dom";
import SignInPage from "@/pages/SignInPage";
import { renderApp } from "@/test/render";
import { emitAuthChange, fakeSession, resetSupabaseMock, signedInAs, supabase } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(resetSupabaseMock);

function renderSignIn(route: InitialEntry = "/sign-in") {
  return renderApp(
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/" element={<h1>Home</h1>} />
      <Route path="/deals" element={<h1>Deals</h1>} />
    </Routes>,
    { route },
  );
}

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  const submit = await screen.findByRole("button", { name: "Sign in" });
  if (email) await user.type(screen.getByLabelText("Email"), email);
  if (password) await user.type(screen.getByLabelText("Password"), password);
  await user.click(submit);
}

test("an empty form shows field errors and does not try to sign in", async () => {
  renderSignIn();
  await fillAndSubmit("", "");

  expect(await screen.findByText("Enter a valid email address")).toBeInTheDocument();
  expect(screen.getByText("Enter your password")).toBeInTheDocument();
  expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
  expect(supabase.auth.signInWithPassword).not.toHaveBeenCalled();
});

test("an invalid email is refused before it reaches Supabase", async () => {
  renderSignIn();
  await fillAndSubmit("not-an-email", "secret");

  expect(await screen.findByText("Enter a valid email address")).toBeInTheDocument();
  expect(screen.queryByText("Enter your password")).not.toBeInTheDocument();
  expect(supabase.auth.signInWithPassword).not.toHaveBeenCalled();
});

test("a rejected sign-in shows the server's message", async () => {
  supabase.auth.signInWithPassword.mockResolvedValue({
    data: { user: null, session: null },
    error: new AuthApiError("Invalid login credentials", 400, "invalid_credentials"),
  });
  renderSignIn();
  await fillAndSubmit("ada@example.com", "wrong");

  expect(await screen.findByRole("alert")).toHaveTextContent("Invalid login credentials");
  expect(supabase.auth.signInWithPassword).toHaveBeenCalledWith({ email: "ada@example.com", password: "wrong" });
  expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
});

test("a successful sign-in returns to the page the user asked for", async () => {
  supabase.auth.signInWithPassword.mockImplementation(async () => {
    const session = fakeSession();
    emitAuthChange("SIGNED_IN", session);
    return { data: { user: session.user, session }, error: null };
  });
  renderSignIn({ pathname: "/sign-in", state: { from: { pathname: "/deals", search: "", hash: "" } } });
  await fillAndSubmit("ada@example.com", "correct");

  expect(await screen.findByRole("heading", { name: "Deals" })).toBeInTheDocument();
});

test("a signed-in visitor goes straight home", async () => {
  signedInAs(fakeSession());
  renderSignIn();

  expect(await screen.findByRole("heading", { name: "Home" })).toBeInTheDocument();
  expect(screen.queryByLabelText("Email")).not.toBeInTheDocument();
});
