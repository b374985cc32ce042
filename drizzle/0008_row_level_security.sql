-- Row-level security: the database's own wall between tenants, behind the
-- app's checks (lib/access). Queries that run for an outside caller (a share
-- link, an API key; later user-written SQL) run as the role inlet_tenant with
-- the sites they may read in the setting inlet.site_ids (see
-- lib/db/tenant-scope.ts). That role can read only the site-keyed tables,
-- and only the rows of those sites; everything else (users, memberships,
-- keys) it cannot read at all. The app's own role owns the tables and so is
-- not bound by these policies: projections and ingestion are unaffected.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'inlet_tenant') THEN
    CREATE ROLE inlet_tenant NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
-- SET ROLE needs membership; a superuser has it anyway, other owners get it here.
GRANT inlet_tenant TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO inlet_tenant;
--> statement-breakpoint
-- The sites of the scope, as uuid[]. Unset or empty: none, so a forgotten
-- setting shows nothing rather than everything.
CREATE FUNCTION inlet_scope_site_ids() RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_to_array(nullif(current_setting('inlet.site_ids', true), ''), ',')::uuid[], '{}')
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION inlet_scope_site_ids() TO inlet_tenant;
--> statement-breakpoint
ALTER TABLE sites ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT ON sites TO inlet_tenant;
--> statement-breakpoint
CREATE POLICY tenant_scope ON sites FOR SELECT TO inlet_tenant USING (id = ANY (inlet_scope_site_ids()));
--> statement-breakpoint
DO $$
DECLARE
  site_table text;
BEGIN
  FOREACH site_table IN ARRAY ARRAY['events', 'sessions', 'hourly_hits', 'daily_stats', 'multi_day_visitors',
    'daily_pageviews', 'goals', 'funnels'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', site_table);
    EXECUTE format('GRANT SELECT ON %I TO inlet_tenant', site_table);
    EXECUTE format('CREATE POLICY tenant_scope ON %I FOR SELECT TO inlet_tenant USING (site_id = ANY (inlet_scope_site_ids()))', site_table);
  END LOOP;
  -- Site-keyed but not for outside callers at all (raw rejected input; link
  -- secrets' hashes): row security on, and no grant.
  FOREACH site_table IN ARRAY ARRAY['quarantined_payloads', 'share_links'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', site_table);
  END LOOP;
END
$$;
