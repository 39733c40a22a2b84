-- Share snapshots keep the share document (lib/share/document.ts) as gzipped JSON text: what the
-- share page and GET /api/v1/recommendations/{id} show, read back byte for byte, 7-15 KB each
-- instead of the ~130 KB jsonb of every ranked configuration's full estimate. Rows from before keep
-- their jsonb "results" (read as the same document); new rows leave it NULL.
ALTER TABLE "Recommendation" ADD COLUMN "document" BYTEA;
ALTER TABLE "Recommendation" ALTER COLUMN "results" DROP NOT NULL;
