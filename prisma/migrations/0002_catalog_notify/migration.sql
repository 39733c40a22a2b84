-- Every new catalog version is announced on the "advisor_catalog" channel, whoever writes it (the
-- admin API, an import, the seed, a hand-written INSERT): app nodes LISTEN and drop their cached
-- catalog at once instead of asking the database for the version on every read.
CREATE OR REPLACE FUNCTION "advisor_catalog_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('advisor_catalog', NEW."id"::text);
  RETURN NEW;
END
$$;

CREATE TRIGGER "CatalogVersion_notify" AFTER INSERT ON "CatalogVersion" FOR EACH ROW EXECUTE FUNCTION "advisor_catalog_changed"();
