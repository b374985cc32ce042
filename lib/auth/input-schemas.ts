import { z } from "zod";

/** Emails are stored and compared lower-cased, so "Ann@X.io" and "ann@x.io" are one account. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address" }).max(254, "Email is too long"));

// The upper bound keeps a megabyte "password" from tying up argon2.
const PASSWORD_MAX = 256;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(PASSWORD_MAX, "Password is too long"),
});

/** The rules for a password someone chooses, at sign-up and when changing it. */
const newPasswordSchema = z
  .string()
  .min(8, "Password must be at least 8 characters")
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`);

/** A name someone gives themselves; also the bound for names taken from GitHub or Google. */
export const NAME_MAX = 100;

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(NAME_MAX, `Name must be at most ${NAME_MAX} characters`),
  email: emailSchema,
  password: newPasswordSchema,
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(PASSWORD_MAX, "Password is too long"),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((value) => value.newPassword === value.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords differ" });

export type SignInInput = z.infer<typeof signInSchema>;
export type SignUpInput = z.infer<typeof signUpSchema>;
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
