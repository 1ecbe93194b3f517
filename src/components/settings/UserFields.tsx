import type { ReactNode } from "react";
import type { Control, FieldPath } from "react-hook-form";
import { SelectItem } from "@/components/ui/select";
import { SelectFormField } from "@/components/ui/select-form-field";
import { ROLES } from "@/domain/navigation";
import { NONE } from "@/domain/users";
import { formatRole } from "@/lib/format";

/** The fields a user form has for role and team. */
type UserFormValues = { role: string; team_id: string };

/** A user form's role field. */
export function RoleFormField<TFieldValues extends UserFormValues, TTransformedValues>({
  control,
  disabled,
  description,
}: {
  control: Control<TFieldValues, unknown, TTransformedValues>;
  disabled?: boolean;
  description?: ReactNode;
}) {
  return (
    <SelectFormField
      control={control}
      name={"role" as FieldPath<TFieldValues>}
      label="Role"
      placeholder="Choose a role"
      disabled={disabled}
      description={description}
    >
      {ROLES.map((role) => (
        <SelectItem key={role} value={role}>
          {formatRole(role)}
        </SelectItem>
      ))}
    </SelectFormField>
  );
}

/** A user form's team field, with a "No team" choice (NONE). */
export function TeamFormField<TFieldValues extends UserFormValues, TTransformedValues>({
  control,
  teams,
}: {
  control: Control<TFieldValues, unknown, TTransformedValues>;
  teams: readonly { id: string; name: string }[];
}) {
  return (
    <SelectFormField control={control} name={"team_id" as FieldPath<TFieldValues>} label="Team" placeholder="Choose a team">
      <SelectItem value={NONE}>No team</SelectItem>
      {teams.map((team) => (
        <SelectItem key={team.id} value={team.id}>
          {team.name}
        </SelectItem>
      ))}
    </SelectFormField>
  );
}
