import { CopyButton } from "./copy-button";

/** The one line a site owner pastes into their pages. */
export function snippetFor(origin: string, publicKey: string): string {
  return `<script defer src="${origin}/s.js" data-site="${publicKey}"></script>`;
}

/**
 * The install instructions. `prominent` while the site has no data: then
 * installing is the only useful thing to do on the dashboard. `title`
 * replaces the plain heading (on a page that is itself called Install).
 */
export function InstallSnippet({ origin, publicKey, prominent, title = "Install" }: { origin: string; publicKey: string; prominent: boolean; title?: string }) {
  const snippet = snippetFor(origin, publicKey);
  return (
    <section className={prominent ? "card install install-prominent" : "card install"} aria-labelledby="install-heading">
      <div className="install-head">
        <h2 id="install-heading">{prominent ? "Install Inlet to start collecting pageviews" : title}</h2>
        <CopyButton text={snippet} label="Copy snippet" />
      </div>
      {prominent ? (
        <p className="muted">
          No pageviews yet. Paste this line into the <code>&lt;head&gt;</code> of every page of your site; the first visit
          shows here within seconds.
        </p>
      ) : (
        <p className="muted">
          Paste this line into the <code>&lt;head&gt;</code> of every page.
        </p>
      )}
      <pre className="snippet">
        <code data-testid="snippet">{snippet}</code>
      </pre>
    </section>
  );
}
