-- Row-level security on the organisation-keyed tables too (migration 0008
-- covered the site-keyed ones). inlet_tenant has no grant on these, so it
-- cannot read them at all; with row security on and no policy, a role that
-- is ever granted one still sees no row until a policy says which. The app's
-- own role owns the tables and is not bound.
ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
