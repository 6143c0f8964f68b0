/**
 * guide Appendix B "Prohibited text": words or phrases that may not appear in any field.
 * Matched case-insensitively as whole words, so a phrase never matches inside a longer word.
 */
export class ProhibitedText {
  private readonly pattern: RegExp | undefined;

  constructor(phrases: Iterable<string>) {
    const escaped = [...phrases]
      .map((phrase) => phrase.trim().replace(/\s+/g, ' '))
      .filter((phrase) => phrase.length > 0)
      .sort((a, b) => b.length - a.length)
      .map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
    this.pattern = escaped.length > 0 ? new RegExp(`(?<![A-Za-z0-9])(?:${escaped.join('|')})(?![A-Za-z0-9])`, 'i') : undefined;
  }

  static empty(): ProhibitedText {
    return new ProhibitedText([]);
  }

  /** The prohibited phrase found in the text, if any. */
  find(text: string | null | undefined): string | undefined {
    if (!this.pattern || !text) return undefined;
    return this.pattern.exec(text)?.[0];
  }
}
