import { useState } from "react";
import { ListFilter, X } from "lucide-react";
import { ReferencePicker } from "@/components/records/ReferencePicker";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { parseRange, TEXT_FILTER_MAX, writeRange } from "@/domain/records/listState";
import type { FilterSpec } from "@/domain/records/model";
import { labelOf } from "@/domain/records/options";
import { useReferenceLabel } from "@/hooks/useRecords";
import { formatDate, formatNumber } from "@/lib/format";

type Props = {
  filters: readonly FilterSpec[];
  values: Record<string, string>;
  onChange: (id: string, value: string | null) => void;
};

/** "Filters" button with one control per filter of the model; changes apply at once. */
export function FilterMenu({ filters, values, onChange }: Props) {
  const active = filters.filter((f) => values[f.id]).length;
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm" className="h-9">
          <ListFilter aria-hidden />
          Filters
          {active > 0 && (
            <Badge variant="secondary" className="ml-1 px-1.5">
              {active}
            </Badge>
          )}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="start" className="grid w-80 gap-4">
        {filters.map((filter) => (
          <FilterControl key={filter.id} filter={filter} value={values[filter.id] ?? ""} onChange={(value) => onChange(filter.id, value || null)} />
        ))}
      </PopoverContent>
    </Popover>
  );
}

function FilterControl({ filter, value, onChange }: { filter: FilterSpec; value: string; onChange: (value: string) => void }) {
  const id = `filter-${filter.id}`;
  switch (filter.kind) {
    case "enum": {
      const chosen = new Set(value ? value.split(",") : []);
      const toggle = (option: string) => {
        const next = new Set(chosen);
        if (next.has(option)) next.delete(option);
        else next.add(option);
        onChange(filter.options.filter((o) => next.has(o.value)).map((o) => o.value).join(","));
      };
      return (
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium">{filter.label}</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1.5">
            {filter.options.map((option) => (
              <label key={option.value} className="flex items-center gap-2 text-sm">
                <input type="checkbox" className="size-4 accent-primary" checked={chosen.has(option.value)} onChange={() => toggle(option.value)} />
                {option.label}
              </label>
            ))}
          </div>
        </fieldset>
      );
    }
    case "reference":
      return (
        <div className="grid gap-2">
          <Label htmlFor={id}>{filter.label}</Label>
          <ReferencePicker
            id={id}
            target={filter.target}
            value={value}
            onChange={onChange}
            clearable
            placeholder="Any"
            extraOptions={filter.target === "profiles" ? [{ id: "me", label: "Me" }] : []}
          />
        </div>
      );
    case "boolean":
      return (
        <div className="grid gap-2">
          <Label htmlFor={id}>{filter.label}</Label>
          <Select value={value || "any"} onValueChange={(next) => onChange(next === "any" ? "" : next)}>
            <SelectTrigger id={id} className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="any">Any</SelectItem>
              <SelectItem value="true">{filter.trueLabel}</SelectItem>
              <SelectItem value="false">{filter.falseLabel}</SelectItem>
            </SelectContent>
          </Select>
        </div>
      );
    case "range":
      // Keyed by the value, so a chip removed elsewhere empties the inputs.
      return <RangeControl key={value} filter={filter} value={value} onChange={onChange} />;
    case "text":
      return <TextControl key={value} id={id} filter={filter} value={value} onChange={onChange} />;
  }
}

/** One exact value, applied when the field is left or Enter is pressed. */
function TextControl({ id, filter, value, onChange }: { id: string; filter: Extract<FilterSpec, { kind: "text" }>; value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  const apply = () => onChange(text.trim());
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{filter.label}</Label>
      <Input
        id={id}
        placeholder={filter.placeholder ?? "Any"}
        maxLength={TEXT_FILTER_MAX}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === "Enter" && apply()}
      />
    </div>
  );
}

/** From/to inputs, applied when a field is left or Enter is pressed (not on every keystroke). */
function RangeControl({ filter, value, onChange }: { filter: Extract<FilterSpec, { kind: "range" }>; value: string; onChange: (value: string) => void }) {
  const parsed = parseRange(value);
  const [from, setFrom] = useState(parsed.from ?? "");
  const [to, setTo] = useState(parsed.to ?? "");
  const apply = () => onChange(writeRange(from.trim() || null, to.trim() || null));
  const type = filter.type === "date" ? "date" : "text";
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm font-medium">{filter.label}</legend>
      <div className="flex items-center gap-2">
        <Input
          aria-label={`${filter.label} from`}
          placeholder="From"
          type={type}
          inputMode={filter.type === "number" ? "decimal" : undefined}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          onBlur={apply}
          onKeyDown={(e) => e.key === "Enter" && apply()}
        />
        <span aria-hidden>–</span>
        <Input
          aria-label={`${filter.label} to`}
          placeholder="To"
          type={type}
          inputMode={filter.type === "number" ? "decimal" : undefined}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          onBlur={apply}
          onKeyDown={(e) => e.key === "Enter" && apply()}
        />
      </div>
    </fieldset>
  );
}

/** The active filters as removable chips under the toolbar. */
export function FilterChips({ filters, values, onChange }: Props) {
  const active = filters.filter((f) => values[f.id]);
  if (!active.length) return null;
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Active filters">
      {active.map((filter) => (
        <li key={filter.id}>
          <Badge variant="outline" className="gap-1 py-1 pl-2 pr-1 text-sm font-normal">
            <span className="font-medium">{filter.label}:</span> <FilterValueText filter={filter} value={values[filter.id]!} />
            <button
              type="button"
              className="ml-1 rounded-sm p-0.5 hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
              aria-label={`Remove the ${filter.label} filter`}
              onClick={() => onChange(filter.id, null)}
            >
              <X className="size-3.5" aria-hidden />
            </button>
          </Badge>
        </li>
      ))}
    </ul>
  );
}

function FilterValueText({ filter, value }: { filter: FilterSpec; value: string }) {
  const label = useReferenceLabel(filter.kind === "reference" ? filter.target : "profiles", filter.kind === "reference" && value !== "me" ? value : null);
  switch (filter.kind) {
    case "enum":
      return <>{value.split(",").map((v) => labelOf(filter.options, v)).join(", ")}</>;
    case "reference":
      return <>{value === "me" ? "Me" : (label.data ?? "…")}</>;
    case "boolean":
      return <>{value === "true" ? filter.trueLabel : filter.falseLabel}</>;
    case "text":
      return <>{value}</>;
    case "range": {
      const { from, to } = parseRange(value);
      const show = (side: string) => (filter.type === "date" ? formatDate(side) : formatNumber(side));
      if (from && to) return <>{`${show(from)} – ${show(to)}`}</>;
      return <>{from ? `≥ ${show(from)}` : `≤ ${show(to!)}`}</>;
    }
  }
}
