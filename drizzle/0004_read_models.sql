CREATE TABLE "hourly_hits" (
	"site_id" uuid NOT NULL,
	"visitor_id" text NOT NULL,
	"session_start" timestamp with time zone NOT NULL,
	"hour_local" timestamp NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"prop_key" text DEFAULT '' NOT NULL,
	"prop_value" text DEFAULT '' NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"site_id" uuid NOT NULL,
	"visitor_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"started_local" timestamp NOT NULL,
	"user_id" text,
	"hostname" text NOT NULL,
	"entry_page" text NOT NULL,
	"exit_page" text NOT NULL,
	"pageviews" integer NOT NULL,
	"events" integer NOT NULL,
	"duration_seconds" integer NOT NULL,
	"bounce" boolean NOT NULL,
	"source" text NOT NULL,
	"referrer" text NOT NULL,
	"utm_source" text NOT NULL,
	"utm_medium" text NOT NULL,
	"utm_campaign" text NOT NULL,
	"utm_term" text NOT NULL,
	"utm_content" text NOT NULL,
	"country" text NOT NULL,
	"region" text NOT NULL,
	"city" text NOT NULL,
	"browser" text NOT NULL,
	"os" text NOT NULL,
	"device" text NOT NULL,
	"screen" text NOT NULL,
	CONSTRAINT "sessions_site_id_visitor_id_started_at_pk" PRIMARY KEY("site_id","visitor_id","started_at")
);
--> statement-breakpoint
DROP INDEX "events_seq_idx";--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "tx" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "projection_checkpoints" ADD COLUMN "last_tx" "xid8" DEFAULT '0'::xid8 NOT NULL;--> statement-breakpoint
CREATE INDEX "hourly_hits_session_idx" ON "hourly_hits" USING btree ("site_id","visitor_id","session_start");--> statement-breakpoint
CREATE INDEX "hourly_hits_site_hour_idx" ON "hourly_hits" USING btree ("site_id","hour_local");--> statement-breakpoint
CREATE INDEX "sessions_site_started_local_idx" ON "sessions" USING btree ("site_id","started_local");--> statement-breakpoint
CREATE INDEX "events_tx_seq_idx" ON "events" USING btree ("tx","seq");--> statement-breakpoint
CREATE INDEX "events_site_visitor_ts_idx" ON "events" USING btree ("site_id","visitor_id","ts");--> statement-breakpoint
-- Checkpoints move from seq to (tx, seq): every existing row now carries this
-- migration's xid, so the read models are replayed from the start of the log.
TRUNCATE "daily_pageviews";--> statement-breakpoint
DELETE FROM "projection_checkpoints";
