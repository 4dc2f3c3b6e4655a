ALTER TABLE "notices" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "withdrawn_by_name" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "withdraw_reason" text;--> statement-breakpoint
-- A published notice is a fact: it is never deleted, and once withdrawn it stays withdrawn, with its reason.
CREATE TRIGGER notices_no_delete BEFORE DELETE ON notices FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER notices_withdrawal_final BEFORE UPDATE ON notices FOR EACH ROW WHEN (OLD.withdrawn_at IS NOT NULL) EXECUTE FUNCTION refuse_change();
