import { ORG_TYPE_LABELS, type OrgType } from '../../../shared/codes.js';
import type { Column } from '../../core/xlsx.js';

/**
 * Org register columns, in the order of the import template (docs/registers.md). Exports use the same labels and every
 * field, so an export re-imports unchanged (the import reads these labels, src/shared/imports.ts).
 */
export const ORG_COLUMNS: Column<Record<string, unknown>>[] = [
  { header: '党组织名称*', width: 36, value: (o) => o.name as string },
  { header: '上级党组织*', width: 36, value: (o) => o.parentName as string },
  { header: '组织类型*', value: (o) => ORG_TYPE_LABELS[o.orgType as OrgType] ?? (o.orgType as string) },
  { header: '组织类别*', value: (o) => o.categoryLabel as string },
  { header: '单位名称', width: 24, value: (o) => o.unitName as string },
  { header: '统一社会信用代码', width: 22, value: (o) => o.unitUscc as string },
  { header: '成立日期', width: 12, value: (o) => o.foundedOn as string },
  { header: '本届开始日期', width: 12, value: (o) => o.termStart as string },
  { header: '届满日期', width: 12, value: (o) => o.termEnd as string },
  { header: '联系人', value: (o) => o.contactName as string },
  { header: '联系电话', width: 14, value: (o) => o.contactPhone as string },
  { header: '简称', width: 16, value: (o) => o.shortName as string },
  { header: '书记', value: (o) => o.secretary as string },
];
