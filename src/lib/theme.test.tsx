import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ThemeProvider } from "@/lib/theme";
import { useTheme } from "@/lib/theme-context";

function ThemeSwitch() {
  const { theme, resolvedTheme, setTheme } = useTheme();
  return (
    <>
      <p>
        {theme} / {resolvedTheme}
      </p>
      <button onClick={() => setTheme("dark")}>Dark</button>
    </>
  );
}

test("follows the system preference until the user chooses", () => {
  render(<ThemeProvider><ThemeSwitch /></ThemeProvider>);
  expect(screen.getByText("system / light")).toBeInTheDocument();
  expect(document.documentElement).toHaveClass("light");
});

test("applies and remembers the chosen theme", async () => {
  const { unmount } = render(<ThemeProvider><ThemeSwitch /></ThemeProvider>);
  await userEvent.click(screen.getByRole("button", { name: "Dark" }));
  expect(document.documentElement).toHaveClass("dark");
  expect(document.documentElement).not.toHaveClass("light");
  unmount();

  render(<ThemeProvider><ThemeSwitch /></ThemeProvider>);
  expect(screen.getByText("dark / dark")).toBeInTheDocument();
});
