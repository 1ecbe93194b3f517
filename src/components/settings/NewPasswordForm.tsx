import { zodResolver } from "@hookform/resolvers/zod";
import { LoaderCircle } from "lucide-react";
import { useForm } from "react-hook-form";
import { useUser } from "@/components/auth/useAuth";
import { FormServerError } from "@/components/settings/FormServerError";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
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
        <FormField
          control={form.control}
          name="password"
          render={({ field }) => (
            <FormItem>
              <FormLabel>New password</FormLabel>
              <FormControl>
                <Input type="password" autoComplete="new-password" {...field} />
              </FormControl>
              <FormDescription>At least {PASSWORD_MIN_LENGTH} characters.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="confirm"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Confirm new password</FormLabel>
              <FormControl>
                <Input type="password" autoComplete="new-password" {...field} />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
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
