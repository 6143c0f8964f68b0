import { normaliseName } from './names';

/**
 * Given-name synonyms (guide Appendix C: "Jim would match against James"). Built from pairs of
 * a formal name and a nickname. Two names are synonyms when one is a nickname of the other, or
 * both are nicknames of the same formal name (Jim and Jimmy).
 */
export class SynonymIndex {
  private readonly related = new Map<string, Set<string>>();

  constructor(pairs: Iterable<readonly [formal: string, nickname: string]>) {
    const nicknamesOf = new Map<string, Set<string>>();
    for (const [rawFormal, rawNickname] of pairs) {
      const formal = normaliseName(rawFormal);
      const nickname = normaliseName(rawNickname);
      if (formal === '' || nickname === '' || formal === nickname) continue;
      this.link(formal, nickname);
      let group = nicknamesOf.get(formal);
      if (!group) nicknamesOf.set(formal, (group = new Set()));
      group.add(nickname);
    }
    for (const group of nicknamesOf.values()) {
      for (const a of group) for (const b of group) if (a !== b) this.link(a, b);
    }
  }

  static empty(): SynonymIndex {
    return new SynonymIndex([]);
  }

  areSynonyms(a: string, b: string): boolean {
    return this.related.get(normaliseName(a))?.has(normaliseName(b)) ?? false;
  }

  get size(): number {
    return this.related.size;
  }

  private link(a: string, b: string): void {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ]) {
      let set = this.related.get(from);
      if (!set) this.related.set(from, (set = new Set()));
      set.add(to);
    }
  }
}
