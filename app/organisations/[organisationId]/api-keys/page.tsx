import type { Metadata } from "next";
import Link from "next/link";
import { ApiKeyForm } from "@/components/organisation/api-key-form";
import { RevokeButton } from "@/components/organisation/revoke-button";
import { requireOrganisationAccess } from "@/lib/access";
import { getDb } from "@/lib/db";
import { listApiKeys } from "@/lib/organisations";
import { revokeApiKeyAction } from "@/lib/organisations/actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** The organisation's API keys: create (shown once), see when each was last used, revoke. */
export default async function ApiKeysPage({ params }: { params: Promise<{ organisationId: string }> }) {
  const { organisationId } = await requireOrganisationAccess((await params).organisationId, "organisation:api-keys");
  const keys = await listApiKeys(await getDb(), organisationId);
  return (
    <>
      <header className="dashboard-head">
        <div className="dashboard-title">
          <h1>API keys</h1>
        </div>
      </header>
      <p className="muted">
        Send a key as <code>Authorization: Bearer &lt;key&gt;</code> to the <Link href="/api/v1/openapi.json">stats API</Link>. A read key reads every site of
        this organisation.
      </p>
      <div className="panels">
        <section className="card panel" aria-labelledby="keys-heading">
          <h2 id="keys-heading">Keys</h2>
          {keys.length === 0 ? <p className="muted">No keys yet.</p> : null}
          <ul className="member-list">
            {keys.map((key) => (
              <li key={key.id} className="member-item">
                <div>
                  <strong>{key.name}</strong> <code>{key.prefix}…</code> <span className="muted">{key.scope}</span>
                  <div className="muted">
                    created {timeFormat.format(key.createdAt)} · {key.lastUsedAt ? `last used ${timeFormat.format(key.lastUsedAt)}` : "never used"}
                  </div>
                </div>
                <RevokeButton action={revokeApiKeyAction.bind(null, organisationId, key.id)} label={`Revoke ${key.name}`} />
              </li>
            ))}
          </ul>
        </section>
        <section className="card panel" aria-labelledby="new-key-heading">
          <h2 id="new-key-heading">New key</h2>
          <ApiKeyForm organisationId={organisationId} />
        </section>
      </div>
    </>
  );
}
