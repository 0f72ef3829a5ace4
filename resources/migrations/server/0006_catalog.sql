CREATE SEQUENCE "public"."catalog_version_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "catalog_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"file_name" text NOT NULL,
	"encoding" text NOT NULL,
	"rows" integer NOT NULL,
	"inserted" integer NOT NULL,
	"updated" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_offences" (
	"id" text PRIMARY KEY NOT NULL,
	"natinf" text,
	"label" text NOT NULL,
	"nature" text NOT NULL,
	"contravention_class" integer,
	"defined_by" text NOT NULL,
	"punished_by" text NOT NULL,
	"category" text NOT NULL,
	"source" text NOT NULL,
	"version" bigint DEFAULT nextval('catalog_version_seq') NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_offences_natinf_unique" UNIQUE("natinf")
);
--> statement-breakpoint
CREATE INDEX "catalog_offences_version_idx" ON "catalog_offences" USING btree ("version");