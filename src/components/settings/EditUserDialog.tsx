import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { FormServerError } from "@/components/settings/FormServerError";
import { setUserFormErrors } from "@/components/settings/setUserFormErrors";
import { RoleFormField, TeamFormField } from "@/components/settings/UserFields";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { NONE, updateUserSchema, type UpdateUserInput, type UpdateUserValues } from "@/domain/users";
import type { Team } from "@/hooks/useTeams";
import { useUpdateUser, type OrgUser } from "@/hooks/useUsers";

const FIELDS = ["role", "team_id", "is_lead_csm"] as const;

type Props = {
  user: OrgUser;
  teams: readonly Team[];
  isSelf: boolean;
  onClose: () => void;
};

/** Change a user's role, team and lead-CSM flag. Mounted per user, so it starts from their values. */
export function EditUserDialog({ user, teams, isSelf, onClose }: Props) {
  const update = useUpdateUser();
  const form = useForm<UpdateUserInput, unknown, UpdateUserValues>({
    resolver: zodResolver(updateUserSchema),
    defaultValues: { role: user.role, team_id: user.team_id ?? NONE, is_lead_csm: user.is_lead_csm },
  });
  const role = useWatch({ control: form.control, name: "role" });

  async function onSubmit(values: UpdateUserValues) {
    try {
      await update.mutateAsync({
        userId: user.id,
        team_id: values.team_id,
        // The lead-CSM flag means something for customer-success managers only.
        is_lead_csm: values.role === "cs_manager" && values.is_lead_csm,
        ...(isSelf ? {} : { role: values.role }),
      });
      onClose();
      toast.success(`${user.full_name} was updated`);
    } catch (error) {
      setUserFormErrors(form, error, FIELDS);
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {user.full_name}</DialogTitle>
          <DialogDescription>{user.email}</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <RoleFormField control={form.control} disabled={isSelf} description={isSelf && "You cannot change your own role."} />
            <TeamFormField control={form.control} teams={teams} />
            {role === "cs_manager" && (
              <FormField
                control={form.control}
                name="is_lead_csm"
                render={({ field }) => (
                  <FormItem className="flex flex-row items-start gap-3">
                    <FormControl>
                      <input
                        type="checkbox"
                        className="mt-0.5 size-4 accent-primary"
                        checked={field.value}
                        onChange={(event) => field.onChange(event.target.checked)}
                        onBlur={field.onBlur}
                        ref={field.ref}
                      />
                    </FormControl>
                    <div className="grid gap-1">
                      <FormLabel>Lead customer-success manager</FormLabel>
                      <FormDescription>Sees every customer of the organisation, not only their own.</FormDescription>
                      <FormMessage />
                    </div>
                  </FormItem>
                )}
              />
            )}
            <FormDialogFooter onCancel={onClose} submitting={form.formState.isSubmitting} submitLabel="Save changes" />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
