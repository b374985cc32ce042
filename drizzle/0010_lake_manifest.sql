CREATE TABLE "lake_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"day" date NOT NULL,
	"min_ts" timestamp with time zone NOT NULL,
	"max_ts" timestamp with time zone NOT NULL,
	"rows" bigint NOT NULL,
	"bytes" bigint NOT NULL,
	"schema_version" smallint NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lake_files_key_unique" UNIQUE("key")
);
--> statement-breakpoint
ALTER TABLE "lake_files" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "lake_files" ADD CONSTRAINT "lake_files_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lake_files_daily_key" ON "lake_files" USING btree ("site_id","day") WHERE "lake_files"."kind" = 'daily';--> statement-breakpoint
CREATE INDEX "lake_files_site_day_idx" ON "lake_files" USING btree ("site_id","day");