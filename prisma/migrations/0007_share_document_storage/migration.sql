-- A share document is already gzipped (lib/share/snapshot.ts): PostgreSQL's own TOAST compression
-- of it only costs time (~0.3 ms a share on the embedded database, for no bytes saved), so it is
-- stored out of line without compression. Rows written before keep their form; reads are unchanged.
ALTER TABLE "Recommendation" ALTER COLUMN "document" SET STORAGE EXTERNAL;
