/** A one-click "Revoke" posting a bound server action (works without JavaScript). */
export function RevokeButton({ action, label }: { action: () => Promise<void>; label: string }) {
  return (
    <form action={action}>
      <button type="submit" className="button button-small button-ghost" aria-label={label}>
        Revoke
      </button>
    </form>
  );
}
