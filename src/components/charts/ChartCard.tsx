import type { ReactNode } from "react";
import { Download } from "lucide-react";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { saveFile } from "@/hooks/useCsv";
import { cn } from "@/lib/utils";

type Props = {
  title: string;
  description?: ReactNode;
  /** The data is on its way: a skeleton of the chart's height. */
  loading?: boolean;
  /** The data could not be read: the server's message and a retry. */
  error?: unknown;
  onRetry?: () => void;
  /** There is nothing to chart: this text instead of an empty chart. */
  empty?: string | false;
  /** "Download CSV" of exactly the data the chart draws (AN-10). */
  download?: { filename: string; csv: () => string };
  /** Chart height in pixels (the skeleton's too). */
  height?: number;
  className?: string;
  /** Figures shown above the chart (a median, a rate). */
  summary?: ReactNode;
  children?: ReactNode;
};

/**
 * One chart on a card with the states every chart needs: loading, error, empty, and a CSV of the
 * data behind it. The chart itself is the children (recharts, a table, a number).
 */
export function ChartCard({ title, description, loading, error, onRetry, empty, download, height = 260, className, summary, children }: Props) {
  const ready = !loading && !error && !empty;
  return (
    <Card className={cn("min-w-0", className)} aria-busy={loading || undefined}>
      <CardHeader className="flex flex-row items-start justify-between gap-2 space-y-0">
        <div className="grid min-w-0 flex-1 gap-1">
          <CardTitle className="text-base">
            <h2>{title}</h2>
          </CardTitle>
          {description && <CardDescription>{description}</CardDescription>}
        </div>
        {download && (
          <Button
            variant="outline"
            size="sm"
            className="shrink-0"
            disabled={!ready}
            aria-label={`Download CSV of ${title}`}
            onClick={() => saveFile(new Blob([download.csv()], { type: "text/csv;charset=utf-8" }), download.filename)}
          >
            <Download aria-hidden /> CSV
          </Button>
        )}
      </CardHeader>
      <CardContent className="grid gap-4">
        {loading ? (
          <Skeleton className="w-full" style={{ height }} aria-label={`Loading ${title}`} />
        ) : error ? (
          <ErrorState title={`Could not load ${title.toLowerCase()}`} error={error} onRetry={onRetry} />
        ) : empty ? (
          <EmptyState title={empty} className="py-12" />
        ) : (
          <>
            {summary}
            {children}
          </>
        )}
      </CardContent>
    </Card>
  );
}
