-- config.json files read from the Hugging Face Hub, cached so each model is fetched once (issue #14).
CREATE TABLE "HfConfigCache" (
    "modelId" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HfConfigCache_pkey" PRIMARY KEY ("modelId")
);
