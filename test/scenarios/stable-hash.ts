/** 32-bit FNV-1a: a stable string hash for partitions, sub-seeds and fake definition hashes. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Kafka-style partition for a key: the same agent always lands on the same partition. */
export function partitionFor(key: string, partitionCount: number): number {
  return stableHash(key) % partitionCount;
}
