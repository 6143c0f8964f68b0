import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A formal given name and one of its nicknames (guide Appendix C: Jim matches James). */
@Entity({ name: 'given_name_synonyms' })
export class GivenNameSynonymEntity {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 35 })
  name!: string;

  @PrimaryColumn({ name: 'nickname', type: 'varchar', length: 35 })
  nickname!: string;
}

/** guide Appendix B: postcodes of prisons and offender institutions, in normal form. */
@Entity({ name: 'prohibited_postcodes' })
export class ProhibitedPostcodeEntity {
  @PrimaryColumn({ name: 'postcode', type: 'varchar', length: 9 })
  postcode!: string;
}

/** guide Appendix B: words and phrases that may not appear in any learner field. */
@Entity({ name: 'prohibited_text' })
export class ProhibitedTextEntity {
  @PrimaryColumn({ name: 'phrase', type: 'varchar', length: 100 })
  phrase!: string;
}
