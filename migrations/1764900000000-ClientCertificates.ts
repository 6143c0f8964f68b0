import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { datetime, id, integer, varchar } from './helpers/columns';

/**
 * The client certificates an operator has registered to organisations (docs/contracts.md, "Authentication": the
 * real LRS knows each MIS system by its certificate). A certificate is known by the SHA-256 of
 * its DER bytes; subject, issuer, serial and validity are kept for the operator to read.
 */
export class ClientCertificates1764900000000 implements MigrationInterface {
  name = 'ClientCertificates1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'client_certificates',
        columns: [
          id(),
          integer('organisation_id'),
          varchar('fingerprint_sha256', 64),
          varchar('subject', 500),
          varchar('issuer', 500),
          varchar('serial_number', 80),
          datetime('valid_from'),
          datetime('valid_to'),
          datetime('registered_at'),
          varchar('registered_by', 35),
        ],
        indices: [
          new TableIndex({ name: 'UQ_client_certificates_fingerprint', columnNames: ['fingerprint_sha256'], isUnique: true }),
          new TableIndex({ name: 'IDX_client_certificates_organisation', columnNames: ['organisation_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_client_certificates_organisation',
            columnNames: ['organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('client_certificates');
  }
}
