CREATE TABLE "quarantined_payloads" (
	"site_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "quarantined_payloads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"payload" text NOT NULL,
	CONSTRAINT "quarantined_payloads_site_id_id_pk" PRIMARY KEY("site_id","id")
);
