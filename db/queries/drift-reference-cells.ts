/**
 * The fine reference summaries of numeric features (drift_reference_cells): written when the drift
 * job profiles a reference, read by every later run while the reference window and config stay.
 */
import { and, eq, gte } from "drizzle-orm";
import type { DbHandle } from "#db/client";
import { driftReferenceCells } from "#db/schema";
import type { DriftSubject } from "#lib/vocabulary";
import type { StoredReferenceKey } from "./model-snapshots";

export interface ReferenceCellsRow {
  kind: DriftSubject;
  feature: string;
  cells: Record<string, unknown>;
}

/**
 * The stored cells of a version's features under this reference, when computed after the
 * reference window had ended (so from complete data).
 */
export async function storedReferenceCells(
  handle: DbHandle,
  versionId: number,
  reference: StoredReferenceKey,
  referenceEnd: Date,
): Promise<ReferenceCellsRow[]> {
  return handle.db
    .select({
      kind: driftReferenceCells.kind,
      feature: driftReferenceCells.feature,
      cells: driftReferenceCells.cells,
    })
    .from(driftReferenceCells)
    .where(
      and(
        eq(driftReferenceCells.versionId, versionId),
        eq(driftReferenceCells.referenceFrom, reference.from),
        eq(driftReferenceCells.referenceTo, reference.to),
        eq(driftReferenceCells.config, reference.config),
        gte(driftReferenceCells.computedAt, referenceEnd),
      ),
    );
}

/** Replaces every stored reference summary of a version by these (one transaction). */
export async function replaceReferenceCells(
  handle: DbHandle,
  input: {
    versionId: number;
    reference: StoredReferenceKey;
    computedAt: Date;
    rows: readonly ReferenceCellsRow[];
  },
): Promise<void> {
  await handle.transaction(async (tx) => {
    await tx.db.delete(driftReferenceCells).where(eq(driftReferenceCells.versionId, input.versionId));
    if (input.rows.length === 0) return;
    await tx.db.insert(driftReferenceCells).values(
      input.rows.map((r) => ({
        versionId: input.versionId,
        kind: r.kind,
        feature: r.feature,
        referenceFrom: input.reference.from,
        referenceTo: input.reference.to,
        config: input.reference.config,
        computedAt: input.computedAt,
        cells: r.cells,
      })),
    );
  });
}
