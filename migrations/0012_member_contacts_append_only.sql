CREATE TRIGGER member_contacts_append_only BEFORE UPDATE OR DELETE ON member_contacts
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
