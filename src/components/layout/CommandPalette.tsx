import { useNavigate } from "react-router-dom";
import {
  CommandDialog,
  CommandEmpty,
  CommandGroup,
  CommandInput,
  CommandItem,
  CommandList,
} from "@/components/ui/command";
import { navSectionsFor, type Role } from "@/domain/navigation";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  role: Role | null | undefined;
};

/**
 * Ctrl/Cmd-K: jump to any page the role may open. Built from the same list as the sidebar.
 * Loaded on first use (AppShell), so cmdk stays out of the shell's chunk.
 */
export default function CommandPalette({ open, onOpenChange, role }: Props) {
  const navigate = useNavigate();

  return (
    <CommandDialog open={open} onOpenChange={onOpenChange} title="Go to page" description="Search for a page to open">
      <CommandInput placeholder="Go to…" aria-label="Search pages" />
      <CommandList>
        <CommandEmpty>No page matches.</CommandEmpty>
        {navSectionsFor(role).map((group) => (
          <CommandGroup key={group.section} heading={group.label}>
            {group.entries.map((entry) => (
              <CommandItem
                key={entry.id}
                value={`${group.label} ${entry.label}`}
                keywords={entry.keywords ? [...entry.keywords] : undefined}
                onSelect={() => {
                  onOpenChange(false);
                  navigate(entry.path);
                }}
              >
                <entry.icon aria-hidden />
                {entry.label}
              </CommandItem>
            ))}
          </CommandGroup>
        ))}
      </CommandList>
    </CommandDialog>
  );
}
