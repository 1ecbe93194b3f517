import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ErrorBoundary } from "@/components/layout/ErrorBoundary";

let broken = true;
function Fragile() {
  if (broken) throw new Error("profiles is undefined");
  return <p>Recovered</p>;
}

beforeEach(() => {
  broken = true;
  // React reports caught render errors on the console; the boundary's output is what matters here.
  vi.spyOn(console, "error").mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
});

test("shows what went wrong and lets the user try again", async () => {
  render(
    <ErrorBoundary>
      <Fragile />
    </ErrorBoundary>,
  );

  expect(screen.getByRole("heading", { name: "Something went wrong" })).toBeInTheDocument();
  expect(screen.getByText("profiles is undefined")).toBeInTheDocument();

  broken = false;
  await userEvent.click(screen.getByRole("button", { name: "Try again" }));
  expect(screen.getByText("Recovered")).toBeInTheDocument();
});

test("asks for a reload when a route chunk from an older deployment is gone", () => {
  function StaleChunk(): never {
    throw new TypeError("Failed to fetch dynamically imported module: /assets/HomePage-abc.js");
  }
  render(
    <ErrorBoundary>
      <StaleChunk />
    </ErrorBoundary>,
  );

  expect(screen.getByText(/newer version of the app/)).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Reload page" })).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
});
