import { CommuneFormerNameEntity } from './commune-former-name.entity';
import { CommuneEntity } from './commune.entity';
import { MinistryFieldEntity } from './ministry-field.entity';
import { MinistryUnitEntity } from './ministry-unit.entity';
import { ProvinceEntity } from './province.entity';
import { ReferenceImportEntity } from './reference-import.entity';

export type { CommuneUnitType } from './commune.entity';
export type { ProvincePlaceType } from './province.entity';
export type { ReferenceImportStatus } from './reference-import.entity';
export {
  CommuneEntity,
  CommuneFormerNameEntity,
  MinistryFieldEntity,
  MinistryUnitEntity,
  ProvinceEntity,
  ReferenceImportEntity,
};

/** Reference-data entities (geography, Ministry units and fields, import audit). */
export const REFERENCE_ENTITIES = [
  ProvinceEntity,
  CommuneEntity,
  CommuneFormerNameEntity,
  MinistryUnitEntity,
  MinistryFieldEntity,
  ReferenceImportEntity,
];
