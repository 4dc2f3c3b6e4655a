-- Check-ins, evaluation receipts and anonymous answers are facts: never changed or removed.
CREATE TRIGGER training_checkins_append_only BEFORE UPDATE OR DELETE ON training_checkins
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER training_evaluations_append_only BEFORE UPDATE OR DELETE ON training_evaluations
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER training_evaluation_receipts_append_only BEFORE UPDATE OR DELETE ON training_evaluation_receipts
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
