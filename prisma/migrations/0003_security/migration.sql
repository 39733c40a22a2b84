-- Security v2 (issue #16).

-- Server-side secrets generated at first start (the client-hash salt): never a public default.
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- Sign-in back-off counters, per account (known or not) and per client: progressive delays replace
-- the account lock-out, so the same counters serve unknown and known emails.
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "blockedUntil" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

ALTER TABLE "User" DROP COLUMN "failedLogins";
ALTER TABLE "User" DROP COLUMN "lockedUntil";

-- Audit entries keep the actor's email after the account is deleted.
ALTER TABLE "AuditEntry" ADD COLUMN "actorEmail" TEXT;
UPDATE "AuditEntry" SET "actorEmail" = "User"."email" FROM "User" WHERE "AuditEntry"."userId" = "User"."id";

-- Moderation: hidden community runs stay stored (revertible) but leave every aggregate.
ALTER TABLE "BenchmarkRun" ADD COLUMN "hidden" BOOLEAN NOT NULL DEFAULT false;

-- Retention of share snapshots deletes by age.
CREATE INDEX "Recommendation_createdAt_idx" ON "Recommendation"("createdAt");
