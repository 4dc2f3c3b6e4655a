CREATE TRIGGER member_appraisals_append_only BEFORE UPDATE OR DELETE ON member_appraisals
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER heart_talks_append_only BEFORE UPDATE OR DELETE ON heart_talks
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
