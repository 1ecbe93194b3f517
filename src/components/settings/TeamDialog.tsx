import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { FormServerError } from "@/components/settings/FormServerError";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { SelectItem } from "@/components/ui/select";
import { SelectFormField } from "@/components/ui/select-form-field";
import { NONE, teamSaveError, teamSchema, type TeamInput, type TeamValues } from "@/domain/users";
import { useSaveTeam, type Team } from "@/hooks/useTeams";

type Props = {
  /** The team to edit; undefined to create one. */
  team?: Team;
  /** People who can manage a team: active users with the manager role. */
  managers: readonly { id: string; full_name: string }[];
  onClose: () => void;
};

/** Create a team, or rename it and set its manager. */
export function TeamDialog({ team, managers, onClose }: Props) {
  const save = useSaveTeam();
  const form = useForm<TeamInput, unknown, TeamValues>({
    resolver: zodResolver(teamSchema),
    defaultValues: { name: team?.name ?? "", manager_id: team?.manager_id ?? NONE },
  });

  async function onSubmit(values: TeamValues) {
    try {
      await save.mutateAsync({ ...values, id: team?.id });
      onClose();
      toast.success(team ? `${values.name} was saved` : `${values.name} was created`);
    } catch (error) {
      const { field, message } = teamSaveError(error);
      form.setError(field ?? "root.server", { message }, { shouldFocus: !!field });
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{team ? `Edit ${team.name}` : "New team"}</DialogTitle>
          <DialogDescription>A team&apos;s manager sees the records of everyone in it.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <LabelledFormField control={form.control} name="name" label="Team name">
              {(field) => <Input autoComplete="off" {...field} />}
            </LabelledFormField>
            <SelectFormField control={form.control} name="manager_id" label="Manager" description="Only people with the Sales manager role are listed." placeholder="Choose a manager">
              <SelectItem value={NONE}>No manager</SelectItem>
              {managers.map((manager) => (
                <SelectItem key={manager.id} value={manager.id}>
                  {manager.full_name}
                </SelectItem>
              ))}
            </SelectFormField>
            <FormDialogFooter
              onCancel={onClose}
              submitting={form.formState.isSubmitting}
              submitLabel={team ? "Save team" : "Create team"}
            />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
