-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Gpu" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "architecture" TEXT NOT NULL,
    "formFactor" TEXT NOT NULL,
    "releaseYear" INTEGER,
    "memoryGB" DOUBLE PRECISION NOT NULL,
    "memoryType" TEXT,
    "memoryBandwidthGBps" DOUBLE PRECISION NOT NULL,
    "fp32Tflops" DOUBLE PRECISION,
    "fp16Tflops" DOUBLE PRECISION,
    "fp16TensorTflops" DOUBLE PRECISION,
    "bf16TensorTflops" DOUBLE PRECISION,
    "fp8TensorTflops" DOUBLE PRECISION,
    "int8TensorTops" DOUBLE PRECISION,
    "shaderCores" INTEGER,
    "tensorCores" INTEGER,
    "tdpWatts" DOUBLE PRECISION,
    "interconnect" TEXT,
    "interconnectBandwidthGBps" DOUBLE PRECISION,
    "launchPriceUsd" DOUBLE PRECISION,
    "notes" TEXT,
    "sources" JSONB NOT NULL,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Gpu_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CloudOffer" (
    "id" SERIAL NOT NULL,
    "provider" TEXT NOT NULL,
    "instanceType" TEXT NOT NULL,
    "gpuId" INTEGER NOT NULL,
    "gpuCount" INTEGER NOT NULL,
    "priceUsdPerHour" DOUBLE PRECISION NOT NULL,
    "spotPriceUsdPerHour" DOUBLE PRECISION,
    "region" TEXT NOT NULL,
    "observedAt" DATE NOT NULL,
    "sourceUrl" TEXT NOT NULL,
    "notes" TEXT,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CloudOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogVersion" (
    "id" SERIAL NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CatalogVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER,
    "entity" TEXT NOT NULL,
    "entityKey" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "catalogVersion" INTEGER NOT NULL,
    "revertOf" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recommendation" (
    "id" TEXT NOT NULL,
    "catalogVersion" INTEGER NOT NULL,
    "input" JSONB NOT NULL,
    "results" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recommendation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BenchmarkRun" (
    "id" SERIAL NOT NULL,
    "gpuId" INTEGER,
    "renderer" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "matmulGflops" DOUBLE PRECISION NOT NULL,
    "bandwidthGBps" DOUBLE PRECISION,
    "maxAbsError" DOUBLE PRECISION NOT NULL,
    "durationMs" DOUBLE PRECISION NOT NULL,
    "clientHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BenchmarkRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Gpu_slug_key" ON "Gpu"("slug");

-- CreateIndex
CREATE INDEX "Gpu_vendor_idx" ON "Gpu"("vendor");

-- CreateIndex
CREATE INDEX "CloudOffer_gpuId_idx" ON "CloudOffer"("gpuId");

-- CreateIndex
CREATE UNIQUE INDEX "CloudOffer_provider_instanceType_region_key" ON "CloudOffer"("provider", "instanceType", "region");

-- CreateIndex
CREATE INDEX "AuditEntry_entity_entityKey_idx" ON "AuditEntry"("entity", "entityKey");

-- CreateIndex
CREATE INDEX "BenchmarkRun_gpuId_idx" ON "BenchmarkRun"("gpuId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- AddForeignKey
ALTER TABLE "CloudOffer" ADD CONSTRAINT "CloudOffer_gpuId_fkey" FOREIGN KEY ("gpuId") REFERENCES "Gpu"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BenchmarkRun" ADD CONSTRAINT "BenchmarkRun_gpuId_fkey" FOREIGN KEY ("gpuId") REFERENCES "Gpu"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

