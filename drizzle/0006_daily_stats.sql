CREATE TABLE "daily_stats" (
	"site_id" uuid NOT NULL,
	"day" date NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"visitors" integer NOT NULL,
	"visits" integer NOT NULL,
	"pageviews" integer NOT NULL,
	"events" integer NOT NULL,
	"bounces" integer NOT NULL,
	"duration_seconds" bigint NOT NULL,
	CONSTRAINT "daily_stats_site_id_day_dimension_value_pk" PRIMARY KEY("site_id","day","dimension","value")
);
--> statement-breakpoint
CREATE TABLE "multi_day_visitors" (
	"site_id" uuid NOT NULL,
	"visitor_id" text NOT NULL,
	"first_day" date NOT NULL,
	"last_day" date NOT NULL,
	CONSTRAINT "multi_day_visitors_site_id_visitor_id_pk" PRIMARY KEY("site_id","visitor_id")
);
--> statement-breakpoint
CREATE INDEX "multi_day_visitors_site_days_idx" ON "multi_day_visitors" USING btree ("site_id","first_day");--> statement-breakpoint
-- daily_stats is kept by the sessions projection: replay it from the start of the log.
TRUNCATE "sessions", "hourly_hits";--> statement-breakpoint
DELETE FROM "projection_checkpoints" WHERE "name" = 'sessions';
