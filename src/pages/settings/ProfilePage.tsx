import { zodResolver } from "@hookform/resolvers/zod";
import { LoaderCircle } from "lucide-react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { FormServerError } from "@/components/settings/FormServerError";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { Skeleton } from "@/components/ui/skeleton";
import { profileSchema, type ProfileFormInput, type ProfileUpdate } from "@/domain/account";
import { useProfile, useUpdateProfile, type Profile } from "@/hooks/useProfile";
import { formatRole } from "@/lib/format";

function ProfileForm({ profile, email }: { profile: Profile; email: string | undefined }) {
  const update = useUpdateProfile(profile.id);
  const form = useForm<ProfileFormInput, unknown, ProfileUpdate>({
    resolver: zodResolver(profileSchema),
    defaultValues: { full_name: profile.full_name, title: profile.title ?? "" },
  });

  async function onSubmit(values: ProfileUpdate) {
    try {
      await update.mutateAsync(values);
      form.reset({ full_name: values.full_name, title: values.title ?? "" });
      toast.success("Profile saved");
    } catch (error) {
      form.setError("root.server", { message: error instanceof Error ? error.message : "The profile could not be saved." });
    }
  }

  return (
    <Form {...form}>
      <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
        <FormServerError message={form.formState.errors.root?.server?.message} />
        <LabelledFormField control={form.control} name="full_name" label="Full name">
          {(field) => <Input autoComplete="name" {...field} />}
        </LabelledFormField>
        <LabelledFormField control={form.control} name="title" label="Job title">
          {(field) => <Input autoComplete="organization-title" placeholder="e.g. Account executive" {...field} />}
        </LabelledFormField>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-muted-foreground">Email</dt>
          <dd className="break-all">{email ?? "—"}</dd>
          <dt className="text-muted-foreground">Role</dt>
          <dd>{formatRole(profile.role)}</dd>
          <dt className="text-muted-foreground">Organisation</dt>
          <dd>{profile.organizations?.name ?? "—"}</dd>
        </dl>
        <div>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting && <LoaderCircle className="animate-spin" aria-hidden />}
            Save profile
          </Button>
        </div>
      </form>
    </Form>
  );
}

export default function ProfilePage() {
  const user = useUser();
  const profile = useProfile(user.id);

  return (
    <div className="grid max-w-2xl gap-6">
      <PageHeader title="My profile" description="How colleagues see you across the app." />
      <Card>
        <CardHeader>
          <CardTitle>Your details</CardTitle>
          <CardDescription>Your role and organisation are set by an administrator.</CardDescription>
        </CardHeader>
        <CardContent>
          {profile.isPending ? (
            <div className="grid gap-4" aria-busy="true" aria-label="Loading your profile">
              <Skeleton className="h-9 w-full" />
              <Skeleton className="h-9 w-full" />
              <Skeleton className="h-5 w-48" />
            </div>
          ) : profile.isError ? (
            <ErrorState title="Could not load your profile" error={profile.error} onRetry={() => void profile.refetch()} />
          ) : !profile.data ? (
            <EmptyState title="No profile yet">
              <p>Your account is not part of an organisation. Ask an administrator to add you.</p>
            </EmptyState>
          ) : (
            <ProfileForm key={profile.data.id} profile={profile.data} email={user.email} />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
