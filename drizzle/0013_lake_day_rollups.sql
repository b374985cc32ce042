ALTER TABLE "lake_files" ADD COLUMN "rollup_key" text;--> statement-breakpoint
ALTER TABLE "lake_files" ADD COLUMN "rollup_bytes" bigint;--> statement-breakpoint
ALTER TABLE "lake_files" ADD COLUMN "rollup_version" smallint;--> statement-breakpoint
CREATE INDEX "lake_files_rollup_key_idx" ON "lake_files" USING btree ("rollup_key");