import { CopyButton } from "@/components/copy-button";

/** A secret shown once (an API key, an invitation link), with the warning that it will not be shown again. */
export function SecretReveal({ label, secret }: { label: string; secret: string }) {
  return (
    <div className="secret-reveal" role="status">
      <p>
        <strong>{label}</strong> Copy it now: it is not shown again.
      </p>
      <div className="secret-row">
        <code className="secret-value">{secret}</code>
        <CopyButton text={secret} />
      </div>
    </div>
  );
}
