import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { userFormErrors } from "@/domain/users";

/** Shows a refused user change on its form: each field's message under the field, the rest above the form. */
export function setUserFormErrors<TFieldValues extends FieldValues, TTransformedValues, Field extends Path<TFieldValues>>(
  form: UseFormReturn<TFieldValues, unknown, TTransformedValues>,
  error: unknown,
  formFields: readonly Field[],
) {
  const { fields, message } = userFormErrors(error, formFields);
  for (const [field, fieldMessage] of Object.entries(fields)) {
    form.setError(field as Field, { message: fieldMessage as string });
  }
  if (message) form.setError("root.server", { message });
}
