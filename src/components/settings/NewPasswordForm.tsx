import { zodResolver } from "@hookform/resolvers/zod";
import { LoaderCircle } from "lucide-react";
import { useForm } from "react-hook-form";
import { useUser } from "@/components/auth/useAuth";
import { FormServerError } from "@/components/settings/FormServerError";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import {
  changePasswordSchema,
  PASSWORD_MIN_LENGTH,
  passwordErrorMessage,
  type ChangePasswordValues,
} from "@/domain/account";
import { useChangePassword } from "@/hooks/usePassword";

type Props = { submitLabel: string; onChanged: () => void };

/** New password + confirmation, for the settings page and the first-sign-in screen. */
export function NewPasswordForm({ submitLabel, onChanged }: Props) {
  const user = useUser();
  const change = useChangePassword(user.id);
  const form = useForm<ChangePasswordValues>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { password: "", confirm: "" },
  });

  async function onSubmit({ password }: ChangePasswordValues) {
    try {
      await change.mutateAsync(password);
      form.reset();
      onChanged();
    } catch (error) {
      const { field, message } = passwordErrorMessage(error);
      if (field) form.setError(field, { message }, { shouldFocus: true });
      else form.setError("root.server", { message });
    }
  }

  return (
    <Form {...form}>
      <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
        <FormServerError message={form.formState.errors.root?.server?.message} />
        <LabelledFormField
          control={form.control}
          name="password"
          label="New password"
          description={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        >
          {(field) => <Input type="password" autoComplete="new-password" {...field} />}
        </LabelledFormField>
        <LabelledFormField control={form.control} name="confirm" label="Confirm new password">
          {(field) => <Input type="password" autoComplete="new-password" {...field} />}
        </LabelledFormField>
        <div>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting && <LoaderCircle className="animate-spin" aria-hidden />}
            {submitLabel}
          </Button>
        </div>
      </form>
    </Form>
  );
}
