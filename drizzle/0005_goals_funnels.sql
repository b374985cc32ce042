CREATE TABLE "funnels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"name" text NOT NULL,
	"steps" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funnels_site_name_key" UNIQUE("site_id","name"),
	CONSTRAINT "funnels_step_count" CHECK (jsonb_array_length(steps) BETWEEN 2 AND 8)
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"page_pattern" text,
	"event_name" text,
	"property_key" text,
	"property_value" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goals_site_name_key" UNIQUE("site_id","name"),
	CONSTRAINT "goals_shape" CHECK ((kind = 'page' AND page_pattern IS NOT NULL AND event_name IS NULL AND property_key IS NULL)
       OR (kind = 'event' AND event_name IS NOT NULL AND page_pattern IS NULL AND (property_key IS NULL) = (property_value IS NULL)))
);
--> statement-breakpoint
ALTER TABLE "funnels" ADD CONSTRAINT "funnels_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;