import { TrendingUp } from "lucide-react";
import { formatPoints, rankSuggestions, type Suggestion } from "@/domain/scoring/contributions";

/** "What would raise this score": each factor's best gain and the change that earns it, biggest first. */
export function ScoreSuggestions({ suggestions, limit = 5 }: { suggestions: readonly Suggestion[]; limit?: number }) {
  const ranked = rankSuggestions(suggestions, limit);
  if (ranked.length === 0) {
    return <p className="text-sm text-muted-foreground">Every factor already gives its best: nothing would raise this score.</p>;
  }
  return (
    <ol className="grid gap-2" aria-label="What would raise this score">
      {ranked.map((suggestion) => (
        <li key={suggestion.key} className="flex items-start gap-3 rounded-md border p-2 text-sm">
          <span className="inline-flex min-w-12 shrink-0 items-center justify-center gap-1 rounded bg-emerald-600/10 px-1.5 py-0.5 font-semibold tabular-nums text-emerald-700 dark:text-emerald-400">
            <TrendingUp className="size-3.5" aria-hidden />
            {formatPoints(suggestion.gain)}
          </span>
          <span className="grid gap-0.5">
            <span>{suggestion.change}</span>
            <span className="text-xs text-muted-foreground">{suggestion.label}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
