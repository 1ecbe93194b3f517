import { useState } from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { RefreshCw, UserPlus } from "lucide-react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { FormServerError } from "@/components/settings/FormServerError";
import { setUserFormErrors } from "@/components/settings/setUserFormErrors";
import { RoleFormField, TeamFormField } from "@/components/settings/UserFields";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import {
  createUserSchema,
  generateTemporaryPassword,
  NONE,
  type CreateUserInput,
  type CreateUserValues,
} from "@/domain/users";
import { useCreateUser } from "@/hooks/useUsers";
import type { Team } from "@/hooks/useTeams";

const FIELDS = ["email", "full_name", "role", "team_id", "password"] as const;

const emptyValues = (): CreateUserInput => ({
  email: "",
  full_name: "",
  role: "rep",
  team_id: NONE,
  password: generateTemporaryPassword(),
});

/** "Add user": email, name, role, team and a temporary password the person replaces at first sign-in. */
export function CreateUserDialog({ teams }: { teams: readonly Team[] }) {
  const [open, setOpen] = useState(false);
  const create = useCreateUser();
  const form = useForm<CreateUserInput, unknown, CreateUserValues>({
    resolver: zodResolver(createUserSchema),
    defaultValues: emptyValues(),
  });

  function onOpenChange(next: boolean) {
    if (next) form.reset(emptyValues());
    setOpen(next);
  }

  async function onSubmit(values: CreateUserValues) {
    try {
      await create.mutateAsync(values);
      setOpen(false);
      toast.success(`${values.full_name} was added`, {
        description: "Share the temporary password with them: they choose their own when they first sign in.",
      });
    } catch (error) {
      setUserFormErrors(form, error, FIELDS);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden />
          Add user
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add user</DialogTitle>
          <DialogDescription>They sign in with this email and the temporary password, then choose their own.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <LabelledFormField control={form.control} name="email" label="Email">
              {(field) => <Input type="email" autoComplete="off" {...field} />}
            </LabelledFormField>
            <LabelledFormField control={form.control} name="full_name" label="Full name">
              {(field) => <Input autoComplete="off" {...field} />}
            </LabelledFormField>
            <div className="grid gap-4 sm:grid-cols-2">
              <RoleFormField control={form.control} />
              <TeamFormField control={form.control} teams={teams} />
            </div>
            <FormField
              control={form.control}
              name="password"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Temporary password</FormLabel>
                  <div className="flex gap-2">
                    <FormControl>
                      <Input autoComplete="off" spellCheck={false} className="font-mono" {...field} />
                    </FormControl>
                    <Button
                      type="button"
                      variant="outline"
                      size="icon"
                      aria-label="Generate another password"
                      onClick={() => form.setValue("password", generateTemporaryPassword(), { shouldValidate: true })}
                    >
                      <RefreshCw aria-hidden />
                    </Button>
                  </div>
                  <FormDescription>Give it to them in person or by another channel than email.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormDialogFooter onCancel={() => setOpen(false)} submitting={form.formState.isSubmitting} submitLabel="Add user" />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
