-- The measured-results ledger: runs visitors paste or type (llama-bench, vllm bench serve, a form).
-- Every run is queued; editors accept or reject it; accepted runs are the ledger.
CREATE TABLE "MeasuredRun" (
    "id" SERIAL NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "gpuSlug" TEXT NOT NULL,
    "gpuCount" INTEGER NOT NULL DEFAULT 1,
    "gpuMatch" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "model" TEXT NOT NULL,
    "modelLabel" TEXT,
    "modelMatch" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "precision" TEXT NOT NULL,
    "engine" TEXT NOT NULL,
    "engineVersion" TEXT,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "depthTokens" INTEGER NOT NULL DEFAULT 0,
    "concurrency" INTEGER NOT NULL DEFAULT 1,
    "peakMemoryGB" DOUBLE PRECISION,
    "estimate" DOUBLE PRECISION,
    "plausible" BOOLEAN NOT NULL DEFAULT true,
    "format" TEXT NOT NULL,
    "sourceLine" TEXT,
    "clientHash" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "submissions" INTEGER NOT NULL DEFAULT 1,
    "reviewedById" INTEGER,
    "reviewedByEmail" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeasuredRun_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "MeasuredRun_dedupeKey_key" ON "MeasuredRun"("dedupeKey");
CREATE INDEX "MeasuredRun_status_idx" ON "MeasuredRun"("status");
CREATE INDEX "MeasuredRun_gpuSlug_status_idx" ON "MeasuredRun"("gpuSlug", "status");
