import type { Metadata } from "next";
import { OrganisationNameForm } from "@/components/organisation/create-organisation-form";
import { requireMember } from "@/lib/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New organisation" };

export default async function NewOrganisationPage() {
  await requireMember();
  return (
    <div className="auth-card card">
      <h1>New organisation</h1>
      <p className="muted">You will be its owner. Sites, members and API keys belong to an organisation.</p>
      <OrganisationNameForm />
    </div>
  );
}
