import type { Enrichment } from '@vigil/contracts';

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((value, i) => value === b[i]);
}

/** Field-by-field equality of two enrichments (arrays by content). */
export function sameEnrichment(a: Enrichment, b: Enrichment): boolean {
  return (
    a.tokenStatus === b.tokenStatus &&
    a.tokenStatusReason === b.tokenStatusReason &&
    a.userStatus === b.userStatus &&
    a.tokenSubject === b.tokenSubject &&
    a.tokenAgentId === b.tokenAgentId &&
    sameList(a.scopes, b.scopes) &&
    sameList(a.actorChain, b.actorChain)
  );
}
