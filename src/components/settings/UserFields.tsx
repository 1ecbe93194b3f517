import { FormControl } from "@/components/ui/form";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { ROLES, type Role } from "@/domain/navigation";
import { NONE } from "@/domain/users";
import { formatRole } from "@/lib/format";

/** Role picker for a form field (inside <FormItem>, so the label points at it). */
export function RoleSelect({
  value,
  onChange,
  disabled,
}: {
  value: string;
  onChange: (role: Role) => void;
  disabled?: boolean;
}) {
  return (
    <Select value={value} onValueChange={(next) => onChange(next as Role)} disabled={disabled}>
      <FormControl>
        <SelectTrigger className="w-full">
          <SelectValue placeholder="Choose a role" />
        </SelectTrigger>
      </FormControl>
      <SelectContent>
        {ROLES.map((role) => (
          <SelectItem key={role} value={role}>
            {formatRole(role)}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

/** Team picker with a "No team" choice (NONE). */
export function TeamSelect({
  value,
  onChange,
  teams,
}: {
  value: string;
  onChange: (teamId: string) => void;
  teams: readonly { id: string; name: string }[];
}) {
  return (
    <Select value={value} onValueChange={onChange}>
      <FormControl>
        <SelectTrigger className="w-full">
          <SelectValue placeholder="Choose a team" />
        </SelectTrigger>
      </FormControl>
      <SelectContent>
        <SelectItem value={NONE}>No team</SelectItem>
        {teams.map((team) => (
          <SelectItem key={team.id} value={team.id}>
            {team.name}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
