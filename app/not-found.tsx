import Link from "next/link";

export default function NotFound() {
  return (
    <div className="card message-card">
      <h1>Page not found</h1>
      <p className="muted">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <Link href="/" className="button button-primary">
        Go to your sites
      </Link>
    </div>
  );
}
