-- The score ledger, ballots and their marks are facts: never changed or removed.
CREATE TRIGGER score_entries_append_only BEFORE UPDATE OR DELETE ON score_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER ballots_append_only BEFORE UPDATE OR DELETE ON ballots
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER ballot_marks_append_only BEFORE UPDATE OR DELETE ON ballot_marks
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
