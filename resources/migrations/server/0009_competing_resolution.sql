ALTER TABLE "competing_decisions" ADD COLUMN "resolved_by" text;--> statement-breakpoint
ALTER TABLE "competing_decisions" ADD COLUMN "resolution" text;--> statement-breakpoint
ALTER TABLE "competing_decisions" ADD COLUMN "resolution_comment" text;