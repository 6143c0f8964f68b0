import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small facts the service records about itself, such as which data set was seeded. */
@Entity({ name: 'app_settings' })
export class AppSettingEntity {
  @PrimaryColumn({ name: 'key', type: 'varchar', length: 60 })
  key!: string;

  @Column({ name: 'value', type: 'text' })
  value!: string;
}
