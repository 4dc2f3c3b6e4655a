-- A submitted meeting record's history is a fact: revisions are never changed or removed.
CREATE TRIGGER meeting_revisions_append_only BEFORE UPDATE OR DELETE ON meeting_revisions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
