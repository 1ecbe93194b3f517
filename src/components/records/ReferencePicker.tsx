import { useDeferredValue, useState, type ComponentProps } from "react";
import { Check, ChevronsUpDown, LoaderCircle, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import type { ReferenceTarget } from "@/domain/records/model";
import { useReferenceLabel, useReferenceOptions } from "@/hooks/useRecords";
import { cn } from "@/lib/utils";

type Props = Omit<ComponentProps<typeof Button>, "value" | "onChange"> & {
  target: ReferenceTarget;
  /** The chosen record's id, or "" for none. */
  value: string;
  onChange: (id: string) => void;
  /** Narrows the choices (the stages of one pipeline). */
  scope?: { column: string; value: string } | null;
  /** The chosen record's name when the caller already has it (saves a request). */
  currentLabel?: string | null;
  placeholder?: string;
  /** Offer "none" to clear the choice. */
  clearable?: boolean;
  /** Extra first options, like "Me" for an owner filter. */
  extraOptions?: readonly { id: string; label: string }[];
};

/**
 * Choose a record of another kind by typing part of its name: a combobox that searches the
 * database as you type (20 at a time), for forms and filters alike.
 */
export function ReferencePicker({
  target,
  value,
  onChange,
  scope = null,
  currentLabel,
  placeholder = "Choose…",
  clearable = false,
  extraOptions = [],
  className,
  disabled,
  ...buttonProps
}: Props) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search);
  const options = useReferenceOptions(target, deferred, scope, open);
  const extra = extraOptions.find((option) => option.id === value);
  const label = useReferenceLabel(target, value && !currentLabel && !extra ? value : null);
  const shown = extra?.label ?? currentLabel ?? label.data ?? (value ? "…" : null);

  function choose(id: string) {
    onChange(id);
    setOpen(false);
    setSearch("");
  }

  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button
          type="button"
          variant="outline"
          role="combobox"
          aria-expanded={open}
          disabled={disabled}
          className={cn("w-full justify-between px-3 font-normal", !shown && "text-muted-foreground", className)}
          {...buttonProps}
        >
          <span className="truncate">{shown ?? placeholder}</span>
          <ChevronsUpDown className="opacity-50" aria-hidden />
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-[--radix-popover-trigger-width] min-w-64 p-0" align="start">
        <Command shouldFilter={false}>
          <CommandInput value={search} onValueChange={setSearch} placeholder="Type to search…" aria-label="Search" />
          <CommandList>
            {options.isFetching && !options.data ? (
              <div className="flex items-center gap-2 p-3 text-sm text-muted-foreground">
                <LoaderCircle className="size-4 animate-spin" aria-hidden /> Searching…
              </div>
            ) : options.isError ? (
              <p role="alert" className="p-3 text-sm text-destructive">
                {options.error.message}
              </p>
            ) : (
              <CommandEmpty>Nothing matches “{search}”.</CommandEmpty>
            )}
            <CommandGroup>
              {clearable && value && (
                <CommandItem value="__none" onSelect={() => choose("")}>
                  <X aria-hidden /> None
                </CommandItem>
              )}
              {extraOptions.map((option) => (
                <CommandItem key={option.id} value={`extra-${option.id}`} onSelect={() => choose(option.id)}>
                  <Check className={cn(option.id === value ? "opacity-100" : "opacity-0")} aria-hidden />
                  {option.label}
                </CommandItem>
              ))}
              {options.data?.map((option) => (
                <CommandItem key={option.id} value={option.id} onSelect={() => choose(option.id)}>
                  <Check className={cn(option.id === value ? "opacity-100" : "opacity-0")} aria-hidden />
                  <span className="truncate">{option.label}</span>
                  {option.detail && <span className="ml-auto truncate text-xs text-muted-foreground">{option.detail}</span>}
                </CommandItem>
              ))}
            </CommandGroup>
          </CommandList>
        </Command>
      </PopoverContent>
    </Popover>
  );
}
