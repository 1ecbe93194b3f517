import { zodResolver } from "@hookform/resolvers/zod";
import { LoaderCircle } from "lucide-react";
import { useForm } from "react-hook-form";
import { Navigate, useLocation } from "react-router-dom";
import { z } from "zod";
import { returnPath } from "@/components/auth/redirect";
import { useAuth } from "@/components/auth/useAuth";
import { PageLoader } from "@/components/layout/PageLoader";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { INACTIVE_MESSAGE, signInErrorMessage } from "@/domain/account";

const signInSchema = z.object({
  email: z.email({ error: "Enter a valid email address" }),
  password: z.string().min(1, { error: "Enter your password" }),
});

type SignInValues = z.infer<typeof signInSchema>;

export default function SignInPage() {
  const { session, signIn, signOutReason } = useAuth();
  const location = useLocation();
  const form = useForm<SignInValues>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "" },
  });

  if (session === undefined) return <PageLoader />;
  // Covers both a signed-in visitor and a successful sign-in: the session arrives, we leave.
  if (session) return <Navigate to={returnPath(location.state)} replace />;

  async function onSubmit(values: SignInValues) {
    try {
      await signIn(values);
    } catch (error) {
      form.setError("root.server", { message: signInErrorMessage(error) });
    }
  }

  const serverError = form.formState.errors.root?.server?.message;
  const inactive = signOutReason === "inactive";

  return (
    <main className="flex min-h-dvh items-center justify-center bg-muted/40 px-4 py-10">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-2xl tracking-tight">
            <h1>Sign in</h1>
          </CardTitle>
          <CardDescription>Use your work email and password.</CardDescription>
        </CardHeader>
        <CardContent>
          <Form {...form}>
            <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
              {inactive && !serverError && (
                <div role="status" className="rounded-md border bg-muted px-3 py-2 text-sm">
                  {INACTIVE_MESSAGE}
                </div>
              )}
              {serverError && (
                <div
                  role="alert"
                  className="rounded-md border border-destructive/50 bg-destructive/10 px-3 py-2 text-sm text-destructive"
                >
                  {serverError}
                </div>
              )}
              <LabelledFormField control={form.control} name="email" label="Email">
                {(field) => <Input type="email" autoComplete="email" {...field} />}
              </LabelledFormField>
              <LabelledFormField control={form.control} name="password" label="Password">
                {(field) => <Input type="password" autoComplete="current-password" {...field} />}
              </LabelledFormField>
              <Button type="submit" className="w-full" disabled={form.formState.isSubmitting}>
                {form.formState.isSubmitting && <LoaderCircle className="animate-spin" aria-hidden />}
                Sign in
              </Button>
            </form>
          </Form>
        </CardContent>
      </Card>
    </main>
  );
}
