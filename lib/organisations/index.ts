// Server-side surface of organisations: members, invitations, API keys.
// Client components import the actions from "@/lib/organisations/actions".
export { listApiKeys, type ApiKeySummary } from "./api-keys";
export { currentOrganisations, ORGANISATION_COOKIE } from "./current-organisation";
export { findOpenInvitation, INVITATION_DAYS, listPendingInvitations, type PendingInvitation } from "./invitations";
export { listMembers, mayManageRole, type Member } from "./members";
export { listOrganisationsForUser, type OrganisationMembership } from "./organisations";
