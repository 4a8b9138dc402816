import { LRUCache } from 'lru-cache';
import { pseudonymizeNationalId } from '#libs/domain/participation/pseudonym.js';

/**
 * A projection meets a case again with every batch that touches it: its patient's keyed pseudonym (an HMAC) is
 * remembered, not recomputed, for the 50,000 patients met last.
 */
export const rememberedPseudonyms = (secret: string): ((nationalId: string) => string) => {
  const pseudonyms = new LRUCache<string, string>({ max: 50_000 });
  return (nationalId) => {
    let pseudonym = pseudonyms.get(nationalId);
    if (pseudonym === undefined) {
      pseudonym = pseudonymizeNationalId(secret, nationalId);
      pseudonyms.set(nationalId, pseudonym);
    }
    return pseudonym;
  };
};
