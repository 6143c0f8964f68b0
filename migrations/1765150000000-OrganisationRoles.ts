import { type MigrationInterface, type QueryRunner, Table, TableForeignKey } from 'typeorm';
import { integer, varchar } from './helpers/columns';

/**
 * The roles each organisation was set up for (guide Appendix A: "you can only select the user
 * types that you have been granted access to when your organisation was set up as an AO").
 * Organisations that exist already keep every role of their kind, so nothing they do today stops;
 * an operator narrows them.
 */
export class OrganisationRoles1765150000000 implements MigrationInterface {
  name = 'OrganisationRoles1765150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'organisation_roles',
        columns: [{ ...integer('organisation_id'), isPrimary: true }, { ...varchar('role', 30), isPrimary: true }],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_organisation_roles_organisation',
            columnNames: ['organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    const roles: Record<string, string[]> = {
      AO: ['LRB_SUPER_USER', 'AWARDING_BODY_BATCH_USER', 'AWARDING_BODY_USER', 'QCF_RECORD_SET_USER', 'QCF_USER'],
      LRB: ['LRB_SUPER_USER', 'LRB_USER'],
    };
    for (const [kind, granted] of Object.entries(roles)) {
      for (const role of granted) {
        await queryRunner.query('INSERT INTO organisation_roles (organisation_id, role) SELECT id, ? FROM organisations WHERE kind = ?', [
          role,
          kind,
        ]);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('organisation_roles');
  }
}
