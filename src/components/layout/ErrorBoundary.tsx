import { Component, type ErrorInfo, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

type Props = { children: ReactNode };
type State = { error: Error | null };

/** Catches render errors below it and offers a way out instead of a blank page. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;

    // A new deployment removes old route chunks; only a reload fetches the new ones.
    const staleChunk = /dynamically imported module|Importing a module script failed/i.test(error.message);
    return (
      <div role="alert" className="mx-auto flex max-w-lg flex-col items-start gap-4 px-4 py-16">
        <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
        <p className="text-muted-foreground">
          {staleChunk
            ? "A newer version of the app is available. Reload the page to continue."
            : "This part of the app could not be shown. Try again, or reload the page if it keeps happening."}
        </p>
        <pre className="w-full overflow-x-auto whitespace-pre-wrap rounded-md bg-muted p-3 text-sm">
          {error.message}
        </pre>
        <div className="flex gap-2">
          {!staleChunk && <Button onClick={() => this.setState({ error: null })}>Try again</Button>}
          <Button variant="outline" onClick={() => window.location.reload()}>
            Reload page
          </Button>
        </div>
      </div>
    );
  }
}
