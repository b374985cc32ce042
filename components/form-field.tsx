import type { ReactNode } from "react";

/**
 * The attributes that tie a form control to its hint and error text, so a
 * screen reader announces them with the field.
 */
export function describedBy(id: string, errors: readonly string[] | undefined, hasHint = false) {
  const ids = [hasHint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean);
  return {
    id,
    "aria-invalid": errors?.length ? true : undefined,
    "aria-describedby": ids.length ? ids.join(" ") : undefined,
  } as const;
}

/** A labelled form control with its hint and its errors right under it. */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  errors?: readonly string[];
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** An error about the whole form (not one field), announced when it appears. */
export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}

/** The email field of the sign-in and sign-up forms. */
export function EmailField({ errors, defaultValue }: { errors?: readonly string[]; defaultValue?: string }) {
  return (
    <Field id="email" label="Email" errors={errors}>
      <input {...describedBy("email", errors)} name="email" type="email" autoComplete="email" required defaultValue={defaultValue} />
    </Field>
  );
}
