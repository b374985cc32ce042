CREATE TABLE "lake_garbage" (
	"key" text PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"delete_after" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lake_garbage" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "lake_garbage" ADD CONSTRAINT "lake_garbage_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lake_garbage_delete_after_idx" ON "lake_garbage" USING btree ("delete_after");--> statement-breakpoint
-- The lake is now written from the log in (tx, seq) order by micro-batches
-- with a checkpoint (lib/lake/export-micro-batch.ts). The daily files the
-- earlier exporter wrote straight from the log hold events the checkpoint has
-- not passed, so they would be listed twice: they leave the manifest (their
-- blobs are deleted after the signed URLs handed out for them expire) and the
-- micro-batches rebuild the lake from the log, which still holds every event.
INSERT INTO "lake_garbage" ("key", "site_id", "reason", "delete_after")
  SELECT "key", "site_id", 'replaced', now() + interval '15 minutes' FROM "lake_files"
  ON CONFLICT ("key") DO NOTHING;--> statement-breakpoint
DELETE FROM "lake_files";--> statement-breakpoint
DELETE FROM "projection_checkpoints" WHERE "name" = 'lake';
