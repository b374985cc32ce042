import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { listOrganisationsForUser, pickOrganisation, type OrganisationMembership } from "./organisations";

/** The switcher's choice. Only a preference: every request checks membership anew. */
export const ORGANISATION_COOKIE = "inlet_organisation";

/** The user's organisations and the one they work in, once per request. */
export const currentOrganisations = cache(
  async (userId: string): Promise<{ all: OrganisationMembership[]; current: OrganisationMembership | null }> => {
    const all = await listOrganisationsForUser(await getDb(), userId);
    return { all, current: pickOrganisation(all, (await cookies()).get(ORGANISATION_COOKIE)?.value) };
  },
);
