import { useId } from "react";
import { cn } from "@/lib/utils";

type Props = {
  legend: string;
  description?: string;
  options: readonly { value: string; label: string }[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  /** Shown when there is nothing to choose from. */
  emptyText?: string;
  className?: string;
};

/** A multi-select as a labelled group of checkboxes; the value keeps the options' order. */
export function CheckboxGroup({ legend, description, options, value, onChange, emptyText, className }: Props) {
  const id = useId();
  return (
    <fieldset className={cn("grid gap-2", className)} aria-describedby={description ? `${id}-description` : undefined}>
      <legend className="text-sm font-medium leading-none">{legend}</legend>
      {description && (
        <p id={`${id}-description`} className="text-sm text-muted-foreground">
          {description}
        </p>
      )}
      {options.length === 0 ? (
        <p className="text-sm text-muted-foreground">{emptyText ?? "Nothing to choose from."}</p>
      ) : (
        <div className="grid grid-cols-1 gap-x-4 gap-y-1.5 sm:grid-cols-2">
          {options.map((option) => (
            <label key={option.value} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4 accent-primary"
                checked={value.includes(option.value)}
                onChange={(event) =>
                  onChange(
                    options
                      .map((o) => o.value)
                      .filter((v) => (v === option.value ? event.target.checked : value.includes(v))),
                  )
                }
              />
              {option.label}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
