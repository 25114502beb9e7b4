/**
 * Values of `Enrichment.tokenStatusReason`: stable strings the detector can branch on and an
 * analyst can read. When several causes hold, the one that happened first is reported.
 */
export const TokenStatusReason = {
  revoked: 'revoked',
  delegationRevoked: 'delegation revoked',
  userDisabled: 'user disabled',
  sessionEnded: 'session ended',
  expired: 'expired',
  notYetIssued: 'not yet issued',
} as const;
export type TokenStatusReason = (typeof TokenStatusReason)[keyof typeof TokenStatusReason];
